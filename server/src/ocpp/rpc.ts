/** ocpp-rpc is CommonJS and spreads its error classes into its exports, so ESM reaches them through the default export. */
import ocppRpc from 'ocpp-rpc';
import type * as ServerClientModule from 'ocpp-rpc/lib/server-client.js';

export const { RPCServer, RPCClient, RPCError, TimeoutError, createRPCError } = ocppRpc;
export type RpcServer = InstanceType<typeof RPCServer>;
export type RpcClient = InstanceType<typeof RPCClient>;
export type RpcServerClient = ServerClientModule.default;

/** The CALLERROR codes of OCPP-J (1.6J §4.2.3; 2.0.1 Part 4 §4.3 adds RpcFrameworkError, MessageTypeNotSupported, …). */
export type RpcErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormationViolation'
  | 'FormatViolation'
  | 'PropertyConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError';

/** An error that ocpp-rpc sends back to the charger as a CALLERROR with this code. */
export function callError(code: RpcErrorCode, message: string): Error {
  return createRPCError(code, message, {}) as unknown as Error;
}
