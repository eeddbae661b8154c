export interface ClickHouseTestEngine {
  url: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}
export function testEnginePython(): string | undefined;
export function startClickHouseTestEngine(options?: { dataDir?: string; startTimeoutMs?: number }): Promise<ClickHouseTestEngine>;
