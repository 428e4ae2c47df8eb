import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { nodeRequest } from "./request-context.js";

/** How much of an oversized body is read and thrown away so that the client can read the 413. */
const DISCARD_MIN_BYTES = 8 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 5_000;

/**
 * Reads and drops the rest of a request body, up to a bound. A server that answers before the
 * client has finished sending and then closes the connection resets it, and the client loses the
 * answer ("other side closed"); once the body is read, the close after the 413 is clean.
 */
function discardBody(incoming: IncomingMessage, maxBytes: number): Promise<void> {
  if (incoming.readableEnded || incoming.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      incoming.off("data", onData).off("end", done).off("error", done).off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) done();
    };
    const timer = setTimeout(done, DISCARD_TIMEOUT_MS);
    incoming.on("data", onData).once("end", done).once("error", done).once("close", done);
    incoming.resume();
  });
}

/** A chunked body, read from Node's stream up to `maxBytes`; null when it is larger. */
function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (incoming.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        cleanup();
        resolve(null);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error?: Error) => {
      cleanup();
      reject(error ?? new Error("the client closed the connection before the request body was complete"));
    };
    const onClose = () => onError();
    const cleanup = () => incoming.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    incoming.on("data", onData).once("end", onEnd).once("error", onError).once("close", onClose);
  });
}

/** What a handler gets back from the body check: nothing when the body may be read, else the 413. */
export type BodyCheck = (c: Context) => undefined | Promise<Response | undefined>;

/**
 * Caps request bodies, and only bodies: a GET never touches its (absent) body, which would make
 * @hono/node-server build a full WHATWG Request. An oversized body is answered 413 with
 * `Connection: close` once it has been read (up to a bound), so the client always reads the 413
 * and the connection is never reused half-read.
 */
export function limitRequestBody(maxBytes: number, tooLarge: (c: Context) => Response): BodyCheck {
  const closing = (c: Context) => {
    const response = tooLarge(c);
    response.headers.set("connection", "close");
    return response;
  };
  const discardBytes = Math.max(DISCARD_MIN_BYTES, 4 * maxBytes);
  // Under `app.request()` there is no Node stream; Hono's own middleware does the counting.
  const withoutNode = bodyLimit({ maxSize: maxBytes, onError: closing });
  const check = async (c: Context): Promise<Response | undefined> => {
    const incoming = nodeRequest(c);
    if (!incoming) {
      let fits = false;
      const refused = await withoutNode(c, async () => {
        fits = true;
      });
      return fits ? undefined : (refused ?? closing(c));
    }
    const declared = incoming.headers["content-length"];
    if (declared !== undefined && incoming.headers["transfer-encoding"] === undefined) {
      if (Number(declared) <= maxBytes) return undefined;
      await discardBody(incoming, discardBytes);
      return closing(c);
    }
    const body = await readBody(incoming, maxBytes);
    if (body === null) {
      await discardBody(incoming, discardBytes);
      return closing(c);
    }
    c.req.raw = new Request(c.req.raw, { body });
    return undefined;
  };
  return (c) => (c.req.method === "GET" || c.req.method === "HEAD" ? undefined : check(c));
}
