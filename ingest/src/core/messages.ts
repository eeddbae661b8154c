/** Builders for the protocol messages connectors emit, so every connector stamps them alike. */
import type { AirbyteLogMessage, AirbyteMessage, RejectedRow } from './protocol.js';

/** A RECORD of `stream`. */
export function recordMessage(stream: string, data: Record<string, unknown>, emittedAt = Date.now()): AirbyteMessage {
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}

/** A per-stream STATE. */
export function stateMessage(stream: string, streamState: Record<string, unknown>): AirbyteMessage {
  return { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: streamState } } };
}

/** A LOG line. */
export function logMessage(level: AirbyteLogMessage['level'], message: string): AirbyteMessage {
  return { type: 'LOG', log: { level, message } };
}

/** A row the source could not turn into a record, with its row number, column and Chinese reason. */
export function rejectMessage(stream: string, reject: RejectedRow): AirbyteMessage {
  return { type: 'TRACE', trace: { type: 'ROW_REJECTED', emitted_at: Date.now(), rejected: { ...reject, stream } } };
}

/** A failure of the whole read: `config_error` when the user must fix something, else `system_error`. */
export function errorMessage(message: string, failureType: 'config_error' | 'system_error' = 'system_error'): AirbyteMessage {
  return { type: 'TRACE', trace: { type: 'ERROR', emitted_at: Date.now(), error: { message, failure_type: failureType } } };
}
