import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, parseMessage, type Message } from "graphql-ws";

/**
 * The wire side of graphql-ws's `graphql-transport-ws` protocol (its PROTOCOL.md), without graphql-ws's
 * server: the messages are validated by graphql-ws's own `parseMessage`, so what is malformed stays the
 * same. The server runs without graphql-ws's per-subscription machinery (an async iterator, a suspended
 * `for await` and promises per message, kept for the whole life of every subscription): a live
 * subscriber here is a socket reference and an entry in its connection's map.
 */
export { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType };

/** graphql-ws's close codes for protocol violations (the gateway's own codes are in transport.constants.ts). */
export const ProtocolClose = {
  INTERNAL_ERROR: { code: 4500, reason: "Internal server error" },
  BAD_REQUEST: { code: 4400, reason: "Invalid message received" },
  UNAUTHORIZED: { code: 4401, reason: "Unauthorized" },
  SUBPROTOCOL_NOT_ACCEPTABLE: { code: 4406, reason: "Subprotocol not acceptable" },
  TOO_MANY_INITIALISATION_REQUESTS: { code: 4429, reason: "Too many initialisation requests" },
  INIT_TIMEOUT: { code: 4408, reason: "Connection initialisation timeout" },
} as const;

/** 4409, "Subscriber for <id> already exists": a subscribe reusing the id of a running operation. */
export const subscriberExists = (id: string) => ({ code: 4409, reason: `Subscriber for ${id} already exists`.slice(0, 123) });

/** Picks `graphql-transport-ws` from the offered subprotocols (ws's `handleProtocols`); none → the socket is closed with 4406. */
export const selectProtocol = (protocols: Set<string>): string | false =>
  protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false;

/** A client message, or null when it is malformed (4400). */
export function readMessage(data: string): Message | null {
  try {
    return parseMessage(data);
  } catch {
    return null;
  }
}

/** `{"id":…,"type":"next","payload":` as bytes: the frame head of one subscription's `next` messages. */
export const nextFrameHead = (id: string): Buffer => {
  const head = JSON.stringify({ id, type: MessageType.Next });
  return Buffer.from(`${head.slice(0, -1)},"payload":`);
};
export const FRAME_TAIL = Buffer.from("}");

export const ackMessage = JSON.stringify({ type: MessageType.ConnectionAck });
export const pongMessage = (payload: unknown): string =>
  JSON.stringify(payload ? { type: MessageType.Pong, payload } : { type: MessageType.Pong });
export const errorMessage = (id: string, payload: unknown): string => JSON.stringify({ id, type: MessageType.Error, payload });
export const completeMessage = (id: string): string => JSON.stringify({ id, type: MessageType.Complete });
export const resultMessage = (id: string, payload: unknown): string => JSON.stringify({ id, type: MessageType.Next, payload });
