export { DISCHARGE_BINDINGS, dischargeBinding, type DischargeBinding, type RecordSet } from './bindings.js';
