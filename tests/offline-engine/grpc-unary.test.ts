/**
 * The engine's unary gRPC client (offline-engine/grpc-unary) against a real gRPC server (@grpc/grpc-js, the server
 * every Node policy pack runs) and, for what a gRPC server does not send on purpose, a bare HTTP/2 server. The
 * framing, status and error rules it follows are grpc/grpc's `doc/PROTOCOL-HTTP2.md`,
 * `doc/http-grpc-status-mapping.md` and `doc/statuscodes.md`.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as http2 from "node:http2";
import type * as grpcJs from "@grpc/grpc-js";
import type { AddressInfo } from "node:net";
import { analyzerProto } from "../../offline-engine/proto";
import { GRPC_STATUS, GrpcStatusError, GrpcUnaryChannel, unframeMessage } from "../../offline-engine/grpc-unary";

const MAX = 8 * 1024 * 1024;

/** Rejects unless `promise` fails with a GrpcStatusError of `code` whose details match `details`. */
async function assertStatus(promise: Promise<unknown>, code: number, details: RegExp | string): Promise<void> {
    await assert.rejects(promise, (e: unknown) => {
        assert.ok(e instanceof GrpcStatusError, `not a GrpcStatusError: ${String(e)}`);
        assert.equal(e.code, code, `code ${e.code} (${e.details})`);
        if (typeof details === "string") assert.equal(e.details, details);
        else assert.match(e.details, details);
        return true;
    });
}

/**
 * Starts a bare HTTP/2 server answering every stream, once its request has arrived, with `answer` (given the request's
 * bytes as sent: the framed message); resolves with its address, how many connections it accepted, and a stopper.
 */
async function bareServer(
    answer: (stream: http2.ServerHttp2Stream, request: Buffer) => void,
): Promise<{ address: string; connections(): number; stop(): void }> {
    const server = http2.createServer();
    let connections = 0;
    server.on("session", () => connections++);
    server.on("stream", (stream) => {
        stream.on("error", () => undefined);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => answer(stream, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, stop: () => server.close() };
}

describe("engine: grpc-unary (unary gRPC calls over Node's HTTP/2)", () => {
    let server: grpcJs.Server;
    let address: string;

    before(async () => {
        const { grpc } = analyzerProto();
        server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
        const bytes = (b: Buffer): Buffer => b;
        const unary = (name: string, handler: (request: Buffer, callback: grpcJs.sendUnaryData<Buffer>) => void): void => {
            server.register(
                `/test.Test/${name}`,
                (call: grpcJs.ServerUnaryCall<Buffer, Buffer>, callback: grpcJs.sendUnaryData<Buffer>) => handler(call.request, callback),
                bytes,
                bytes,
                "unary",
            );
        };
        unary("Reverse", (request, callback) => callback(null, Buffer.from(request).reverse()));
        unary("Fail", (request, callback) => callback({ code: 9, details: request.toString("utf8") }));
        unary("Big", (request, callback) => callback(null, Buffer.alloc(request.readUInt32BE(0), 7)));
        unary("Slow", (request, callback) => setTimeout(() => callback(null, request), 300));
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
        );
        address = `127.0.0.1:${port}`;
    });

    after(() => server.forceShutdown());

    it("sends one framed message and resolves with the answer's message", async () => {
        const channel = new GrpcUnaryChannel(address, MAX);
        try {
            assert.deepEqual(await channel.call("/test.Test/Reverse", Buffer.from([1, 2, 3])), Buffer.from([3, 2, 1]));
            assert.deepEqual(await channel.call("/test.Test/Reverse", new Uint8Array(0)), Buffer.alloc(0));
        } finally {
            channel.close();
        }
    });

    it("sends a large message (after its header, not copied) whole", async () => {
        const channel = new GrpcUnaryChannel(address, MAX);
        try {
            const large = Buffer.alloc(3 * 1024 * 1024 + 17);
            for (let i = 0; i < large.length; i++) large[i] = i % 251;
            assert.deepEqual(await channel.call("/test.Test/Reverse", large), Buffer.from(large).reverse());
        } finally {
            channel.close();
        }
    });

    it("carries many calls at once on one connection", async () => {
        // A server that answers each call with its own request (already one framed message) and status OK.
        const echo = await bareServer((stream, request) => {
            stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
            stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
            stream.end(request);
        });
        const channel = new GrpcUnaryChannel(echo.address, MAX);
        try {
            const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => channel.call("/test.Test/Echo", Buffer.from([i, 0]))));
            assert.deepEqual(
                answers.map((a) => a[0]),
                Array.from({ length: 40 }, (_, i) => i),
            );
            assert.equal(echo.connections(), 1);
        } finally {
            channel.close();
            echo.stop();
        }
    });

    it("rejects with the server's status code and its percent-decoded details", async () => {
        const channel = new GrpcUnaryChannel(address, MAX);
        try {
            const details = "policy 'x' threw: TypeError at 100% — line 2\nline 3";
            await assertStatus(channel.call("/test.Test/Fail", Buffer.from(details)), 9, details);
            await assertStatus(channel.call("/test.Test/Missing", Buffer.alloc(0)), GRPC_STATUS.UNIMPLEMENTED, /Missing|unimplemented/i);
        } finally {
            channel.close();
        }
    });

    it("refuses to send a message over its limit, and to receive one", async () => {
        const channel = new GrpcUnaryChannel(address, 1000);
        try {
            await assertStatus(
                channel.call("/test.Test/Reverse", Buffer.alloc(1001)),
                GRPC_STATUS.RESOURCE_EXHAUSTED,
                "Sent message larger than max (1001 vs. 1000)",
            );
            const size = Buffer.alloc(4);
            size.writeUInt32BE(5000);
            await assertStatus(channel.call("/test.Test/Big", size), GRPC_STATUS.RESOURCE_EXHAUSTED, "Received message larger than max (5000 vs. 1000)");
            // The limit is the message's, not the frame's: exactly 1000 bytes pass.
            size.writeUInt32BE(1000);
            assert.equal((await channel.call("/test.Test/Big", size)).length, 1000);
        } finally {
            channel.close();
        }
    });

    it("stops reading an answer whose body runs past the limit, whatever its header announced", async () => {
        // A header announcing 10 bytes, then 4,000 of them: refused once past 1,000, not kept until the stream ends.
        const bare = await bareServer((stream) => {
            stream.respond({ ":status": 200, "content-type": "application/grpc" });
            stream.write(Buffer.from([0, 0, 0, 0, 10]));
            stream.write(Buffer.alloc(4000));
        });
        const channel = new GrpcUnaryChannel(bare.address, 1000);
        try {
            await assertStatus(channel.call("/t/A", Buffer.alloc(1)), GRPC_STATUS.RESOURCE_EXHAUSTED, /^Received message larger than max \(\d+ vs\. 1000\)$/);
        } finally {
            channel.close();
            bare.stop();
        }
    });

    it("fails a call to an address where nothing listens as UNAVAILABLE, naming the connection error", async () => {
        const bare = await bareServer(() => undefined);
        bare.stop();
        const channel = new GrpcUnaryChannel(bare.address, MAX);
        try {
            await assertStatus(channel.call("/test.Test/Reverse", Buffer.alloc(1)), GRPC_STATUS.UNAVAILABLE, /ECONNREFUSED/);
        } finally {
            channel.close();
        }
    });

    it("fails a call whose connection drops before the answer as UNAVAILABLE", async () => {
        const bare = await bareServer((stream) => stream.session?.destroy());
        const channel = new GrpcUnaryChannel(bare.address, MAX);
        try {
            await assertStatus(
                channel.call("/test.Test/Reverse", Buffer.alloc(1)),
                GRPC_STATUS.UNAVAILABLE,
                /closed before the server answered|ECONNRESET|socket/,
            );
            // A later call opens a new connection.
            const again = new GrpcUnaryChannel(address, MAX);
            assert.deepEqual(await again.call("/test.Test/Reverse", Buffer.from([5, 6])), Buffer.from([6, 5]));
            again.close();
        } finally {
            channel.close();
            bare.stop();
        }
    });

    it("maps an HTTP status other than 200 as gRPC does (503: UNAVAILABLE, 404: UNIMPLEMENTED)", async () => {
        for (const [http, code] of [
            [503, GRPC_STATUS.UNAVAILABLE],
            [404, GRPC_STATUS.UNIMPLEMENTED],
            [500, GRPC_STATUS.UNKNOWN],
        ] as const) {
            const bare = await bareServer((stream) => {
                stream.respond({ ":status": http });
                stream.end();
            });
            const channel = new GrpcUnaryChannel(bare.address, MAX);
            try {
                await assertStatus(channel.call("/test.Test/Reverse", Buffer.alloc(1)), code, `Received HTTP status code ${http}`);
            } finally {
                channel.close();
                bare.stop();
            }
        }
    });

    it("reads a status sent in the headers alone (trailers-only), and fails a reset stream as INTERNAL", async () => {
        const trailersOnly = await bareServer((stream) => {
            stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "7", "grpc-message": "no%20entry" }, { endStream: true });
        });
        const reset = await bareServer((stream) => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
        const a = new GrpcUnaryChannel(trailersOnly.address, MAX);
        const b = new GrpcUnaryChannel(reset.address, MAX);
        try {
            await assertStatus(a.call("/test.Test/Reverse", Buffer.alloc(1)), 7, "no entry");
            await assertStatus(
                b.call("/test.Test/Reverse", Buffer.alloc(1)),
                GRPC_STATUS.INTERNAL,
                `Received RST_STREAM with code ${http2.constants.NGHTTP2_INTERNAL_ERROR}`,
            );
        } finally {
            a.close();
            b.close();
            trailersOnly.stop();
            reset.stop();
        }
    });

    it("refuses a compressed, truncated, overlong or missing answer as INTERNAL", async () => {
        const answers: Buffer[] = [Buffer.from([1, 0, 0, 0, 1, 9]), Buffer.from([0, 0, 0, 0, 4, 1, 2]), Buffer.from([0, 0, 0, 0, 1, 1, 2]), Buffer.alloc(0)];
        const bare = await bareServer((stream) => {
            stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
            stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
            stream.end(answers.shift());
        });
        const channel = new GrpcUnaryChannel(bare.address, MAX);
        try {
            await assertStatus(channel.call("/t/A", Buffer.alloc(1)), GRPC_STATUS.INTERNAL, /compressed/);
            await assertStatus(channel.call("/t/A", Buffer.alloc(1)), GRPC_STATUS.INTERNAL, /holds 2 bytes after the message header, which announced 4/);
            await assertStatus(channel.call("/t/A", Buffer.alloc(1)), GRPC_STATUS.INTERNAL, /holds 2 bytes after the message header, which announced 1/);
            await assertStatus(channel.call("/t/A", Buffer.alloc(1)), GRPC_STATUS.INTERNAL, /without a message/);
        } finally {
            channel.close();
            bare.stop();
        }
        assert.equal(unframeMessage(Buffer.from([0, 0, 0])), "the server's answer ends inside a message header");
    });

    it("fails calls made after close", async () => {
        const channel = new GrpcUnaryChannel(address, MAX);
        channel.close();
        await assertStatus(channel.call("/test.Test/Reverse", Buffer.alloc(1)), GRPC_STATUS.UNAVAILABLE, "the channel was closed");
    });

    it("keeps its process alive while a call is under way, and not after, as grpc-js does", async () => {
        // A process whose only pending work is a slow call (300 ms) and an unclosed channel: it must print the answer,
        // then exit by itself.
        const script = `const { GrpcUnaryChannel } = require(${JSON.stringify(require.resolve("../../offline-engine/grpc-unary"))});
new GrpcUnaryChannel(${JSON.stringify(address)}, 1024).call("/test.Test/Slow", Buffer.from("late")).then((b) => console.log(b.toString()));`;
        const started = Date.now();
        const stdout = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ["-e", script], { timeout: 20_000 }, (err, out) => (err ? reject(err) : resolve(out))),
        );
        assert.equal(stdout.trim(), "late");
        assert.ok(Date.now() - started < 15_000);
    });
});
