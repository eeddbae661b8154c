/** The ClickHouse test engine (chdb behind ClickHouse's HTTP interface) for tests; see test-engine/. */
export { startClickHouseTestEngine, testEnginePython, type ClickHouseTestEngine } from '../test-engine/start.mjs';
