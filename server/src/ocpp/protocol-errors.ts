import type { OcppProtocol } from '../modules/charging/types.js';

/**
 * ocpp-rpc answers unreadable frames with the OCPP 2.0.1 error codes. OCPP 1.6J has neither
 * RpcFrameworkError nor MessageTypeNotSupported (1.6J §4.2.3): a frame that is not a well-formed
 * RPC message is "syntactically incorrect", FormationViolation. And 2.0.1 spells
 * OccurrenceConstraintViolation correctly (Part 4 §4.3), where 1.6's typo lives on in the library.
 */
const CODES: Record<OcppProtocol, Record<string, string>> = {
  'ocpp1.6': {
    RpcFrameworkError: 'FormationViolation',
    MessageTypeNotSupported: 'FormationViolation',
    FormatViolation: 'FormationViolation',
  },
  'ocpp2.0.1': { OccurenceConstraintViolation: 'OccurrenceConstraintViolation', FormationViolation: 'FormatViolation' },
};

/** Rewrites the error code of an outgoing CALLERROR frame for the connection's version; other frames pass as they are. */
export function translateCallError(frame: string, protocol: OcppProtocol): string {
  if (!frame.startsWith('[4,')) return frame;
  try {
    const message: unknown = JSON.parse(frame);
    if (!Array.isArray(message) || typeof message[2] !== 'string') return frame;
    const code = CODES[protocol][message[2]];
    if (!code) return frame;
    message[2] = code;
    return JSON.stringify(message);
  } catch {
    return frame;
  }
}
