/**
 * Unary gRPC calls over Node's own HTTP/2, for the engine's calls to a policy pack. @grpc/grpc-js spent about
 * 0.55 ms of this process's CPU on each call (its channel, resolving, retrying, load-balancing and subchannel
 * layers), while the pack's answers keep the program's cores busy: 5,000 Analyze calls took 2.6 to 3.1 s of CPU
 * through grpc-js and 1.1 s this way (bench/README.md, 5). A unary call is one HTTP/2 stream, as gRPC's wire
 * protocol defines it (grpc/grpc `doc/PROTOCOL-HTTP2.md`): a POST of one length-prefixed message, answered by
 * one length-prefixed message and `grpc-status`/`grpc-message` in the trailers (or in the headers alone, for an
 * error without a message).
 */
import * as http2 from "node:http2";

/** gRPC status codes this client produces itself (`doc/statuscodes.md`). */
export const GRPC_STATUS = { OK: 0, CANCELLED: 1, UNKNOWN: 2, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** A call that ended with a status other than OK: the gRPC code and its details (`grpc-message`, decoded). */
export class GrpcStatusError extends Error {
    /** `code` is the gRPC status code, `details` its message. */
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(`gRPC status ${code}: ${details}`);
    }
}

/** The gRPC code for an HTTP status other than 200, as gRPC's `doc/http-grpc-status-mapping.md` maps it. */
function codeForHttpStatus(status: number): number {
    if (status === 400) return GRPC_STATUS.INTERNAL;
    if (status === 404) return GRPC_STATUS.UNIMPLEMENTED;
    if (status === 429 || status === 502 || status === 503 || status === 504) return GRPC_STATUS.UNAVAILABLE;
    return GRPC_STATUS.UNKNOWN;
}

/** `grpc-message` decoded: it is percent-encoded on the wire; a malformed one is shown as sent. */
function decodeMessage(raw: string | string[] | undefined): string {
    const text = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** What precedes a message in gRPC's framing: a zero compression flag and the message's length (4 bytes, big-endian). */
function messageHeader(length: number): Buffer {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(length, 1);
    return header;
}

/** Messages from this size on are sent after their header rather than copied behind it. */
const LARGE_MESSAGE_BYTES = 1024 * 1024;

/** The one message of a unary answer's body, or why the body is not one uncompressed message. */
export function unframeMessage(body: Buffer): Buffer | string {
    if (body.length < 5) return body.length === 0 ? "the server answered OK without a message" : "the server's answer ends inside a message header";
    if (body[0] !== 0) return "the server sent a compressed message, which this client did not ask for";
    const length = body.readUInt32BE(1);
    if (body.length !== 5 + length) return `the server's answer holds ${body.length - 5} bytes after the message header, which announced ${length}`;
    return body.subarray(5);
}

/**
 * Why a stream ended without a status, as grpc-js reports it: the connection went away (UNAVAILABLE, with the
 * connection's error when there was one), or the server reset the stream (by its code).
 */
function endedWithoutStatus(session: http2.ClientHttp2Session, rst: number | undefined, error: Error | undefined): GrpcStatusError {
    const { NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM, NGHTTP2_CANCEL } = http2.constants;
    if (session.destroyed || session.closed || rst === undefined || rst === NGHTTP2_NO_ERROR) {
        return new GrpcStatusError(GRPC_STATUS.UNAVAILABLE, error?.message ?? "the connection closed before the server answered");
    }
    const reset = `Received RST_STREAM with code ${rst}`;
    if (rst === NGHTTP2_REFUSED_STREAM) return new GrpcStatusError(GRPC_STATUS.UNAVAILABLE, reset);
    if (rst === NGHTTP2_CANCEL) return new GrpcStatusError(GRPC_STATUS.CANCELLED, reset);
    return new GrpcStatusError(GRPC_STATUS.INTERNAL, reset);
}

/**
 * One HTTP/2 connection to a gRPC server (`host:port`, plaintext), opened at the first call and again after it
 * closes. It keeps the process alive only while a call is under way, as grpc-js does.
 */
export class GrpcUnaryChannel {
    private session: http2.ClientHttp2Session | undefined;
    /** Calls under way on each open connection (a dropped one's calls may still be ending when the next opens). */
    private readonly active = new Map<http2.ClientHttp2Session, number>();
    private closed = false;

    /** `address` is `host:port`; messages larger than `maxMessageBytes` are refused both ways. */
    constructor(
        readonly address: string,
        private readonly maxMessageBytes: number,
    ) {}

    private connect(): http2.ClientHttp2Session {
        if (this.session !== undefined && !this.session.closed && !this.session.destroyed) return this.session;
        // As grpc-js dials: no limit on the session's memory or on header blocks (the message limit is ours).
        const session = http2.connect(`http://${this.address}`, {
            maxSessionMemory: Number.MAX_SAFE_INTEGER,
            maxSendHeaderBlockLength: Number.MAX_SAFE_INTEGER,
        });
        // A failed or dropped connection fails each of its streams, which report it; the session's own error
        // event would otherwise be thrown.
        session.on("error", () => undefined);
        session.on("close", () => {
            if (this.session === session) this.session = undefined;
        });
        session.unref();
        this.session = session;
        return session;
    }

    /** Sends `request` (a serialized message) to `path` (`/package.Service/Method`) and resolves with the answer's bytes. */
    call(path: string, request: Uint8Array): Promise<Buffer> {
        if (this.closed) return Promise.reject(new GrpcStatusError(GRPC_STATUS.UNAVAILABLE, "the channel was closed"));
        if (request.length > this.maxMessageBytes) {
            return Promise.reject(
                new GrpcStatusError(GRPC_STATUS.RESOURCE_EXHAUSTED, `Sent message larger than max (${request.length} vs. ${this.maxMessageBytes})`),
            );
        }
        return new Promise((resolve, reject) => {
            const session = this.connect();
            this.active.set(session, (this.active.get(session) ?? 0) + 1);
            session.ref();
            let settled = false;
            const finish = (outcome: Buffer | GrpcStatusError): void => {
                if (settled) return;
                settled = true;
                const left = (this.active.get(session) ?? 1) - 1;
                if (left > 0) this.active.set(session, left);
                else {
                    this.active.delete(session);
                    if (!session.destroyed) session.unref();
                }
                if (outcome instanceof GrpcStatusError) reject(outcome);
                else resolve(outcome);
            };
            let stream: http2.ClientHttp2Stream;
            try {
                stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
            } catch (e) {
                finish(new GrpcStatusError(GRPC_STATUS.UNAVAILABLE, e instanceof Error ? e.message : String(e)));
                return;
            }
            const chunks: Buffer[] = [];
            let received = 0;
            let announced: number | undefined;
            let status: http2.IncomingHttpHeaders | undefined;
            stream.on("response", (headers) => {
                const http = Number(headers[":status"]);
                if (http !== 200) status = { "grpc-status": String(codeForHttpStatus(http)), "grpc-message": `Received HTTP status code ${http}` };
                else if (headers["grpc-status"] !== undefined) status = headers; // trailers-only: an error without a message
            });
            stream.on("data", (chunk: Buffer) => {
                chunks.push(chunk);
                received += chunk.length;
                if (announced === undefined && received >= 5) announced = Buffer.concat(chunks).readUInt32BE(1);
                // Refused as soon as the header announces too much, or the body runs past the limit whatever it announced.
                const size = Math.max(announced ?? 0, received - 5);
                if (size > this.maxMessageBytes) {
                    stream.close(http2.constants.NGHTTP2_CANCEL);
                    finish(new GrpcStatusError(GRPC_STATUS.RESOURCE_EXHAUSTED, `Received message larger than max (${size} vs. ${this.maxMessageBytes})`));
                }
            });
            stream.on("trailers", (trailers) => {
                status ??= trailers;
            });
            let streamError: Error | undefined;
            stream.on("error", (e: Error) => (streamError = e));
            stream.on("close", () => {
                if (status === undefined) {
                    finish(endedWithoutStatus(session, stream.rstCode, streamError));
                    return;
                }
                const code = Number(status["grpc-status"]);
                if (!Number.isInteger(code))
                    finish(new GrpcStatusError(GRPC_STATUS.UNKNOWN, `the server sent grpc-status ${JSON.stringify(status["grpc-status"])}`));
                else if (code !== GRPC_STATUS.OK) finish(new GrpcStatusError(code, decodeMessage(status["grpc-message"])));
                else {
                    const message = unframeMessage(Buffer.concat(chunks));
                    finish(typeof message === "string" ? new GrpcStatusError(GRPC_STATUS.INTERNAL, message) : message);
                }
            });
            if (request.length < LARGE_MESSAGE_BYTES) stream.end(Buffer.concat([messageHeader(request.length), request]));
            else {
                stream.write(messageHeader(request.length));
                stream.end(request);
            }
        });
    }

    /** Closes the connection once the calls under way have ended; later calls fail. */
    close(): void {
        this.closed = true;
        this.session?.close();
    }
}
