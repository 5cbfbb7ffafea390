/**
 * Analyzer requests encoded once, sent many times. The engine is Go and encodes a request in a fraction of
 * the time this Node harness takes (google-protobuf in JavaScript), so timing a call with the harness's own
 * encoding inside would measure the harness. Instead the harness's AnalyzerSession builds each request
 * once, exactly as it always does, against a recording analyzer server in this process; the recorded bytes
 * are then sent as they are, and the timed call is transport, the pack's work and the answer.
 */
import type * as grpcJs from "@grpc/grpc-js";
import { ANALYZER_MAX_MESSAGE_BYTES, AnalyzerSession, type Diagnostic } from "../offline-engine/analyzer-client";
import type { CapturedResource } from "../state/captured-resource";
import { analyzerProto } from "../offline-engine/proto";

/** The encoded AnalyzeStack request AnalyzerSession sends for `resources`. */
export async function encodeAnalyzeStackRequest(resources: CapturedResource[]): Promise<Buffer> {
    const [request] = await record("analyzeStack", (session) => session.analyzeStack(resources));
    return request;
}

/** The encoded Analyze requests AnalyzerSession sends for `resources`, one each, in order. */
export async function encodeAnalyzeRequests(resources: readonly CapturedResource[]): Promise<Buffer[]> {
    return record("analyze", async (session) => {
        for (const r of resources) await session.analyze(r);
    });
}

/** grpc-js options with the engine's message limits, for the recording server and the raw channel. */
const CHANNEL_OPTIONS = { "grpc.max_receive_message_length": ANALYZER_MAX_MESSAGE_BYTES, "grpc.max_send_message_length": ANALYZER_MAX_MESSAGE_BYTES };

/** Runs `send` through a session connected to a server that records the request bytes of `method`. */
async function record(method: "analyze" | "analyzeStack", send: (session: AnalyzerSession) => Promise<unknown>): Promise<Buffer[]> {
    const { grpc, rpc, pb } = analyzerProto();
    const recorded: Buffer[] = [];
    const server = new grpc.Server(CHANNEL_OPTIONS);
    const handler = (call: grpcJs.ServerUnaryCall<{ serializeBinary(): Uint8Array }, unknown>, callback: grpcJs.sendUnaryData<unknown>) => {
        recorded.push(Buffer.from(call.request.serializeBinary()));
        callback(null, new pb.AnalyzeResponse());
    };
    server.addService(rpc.AnalyzerService, { [method]: handler } as never);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const session = new AnalyzerSession(`127.0.0.1:${port}`);
    try {
        await send(session);
    } finally {
        session.close();
        server.forceShutdown();
    }
    if (recorded.length === 0) throw new Error(`the recording server saw no ${method} request`);
    return recorded;
}

/** A raw channel to a pack that sends pre-encoded requests and decodes the diagnostics. */
export class EncodedAnalyzerChannel {
    private readonly client: grpcJs.Client;

    /** Connects to the pack at `address` (`127.0.0.1:<port>`) with the engine's message limits. */
    constructor(address: string) {
        const { grpc } = analyzerProto();
        this.client = new grpc.Client(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    }

    /** Sends an encoded AnalyzeStack request; resolves with the diagnostics' policy names. */
    analyzeStack(request: Buffer): Promise<Pick<Diagnostic, "policyName">[]> {
        return this.call("/pulumirpc.Analyzer/AnalyzeStack", request);
    }

    /** Sends an encoded Analyze request; resolves with the diagnostics' policy names. */
    analyze(request: Buffer): Promise<Pick<Diagnostic, "policyName">[]> {
        return this.call("/pulumirpc.Analyzer/Analyze", request);
    }

    private call(method: string, request: Buffer): Promise<Pick<Diagnostic, "policyName">[]> {
        const { pb } = analyzerProto();
        return new Promise((resolve, reject) => {
            this.client.makeUnaryRequest(
                method,
                (b: Buffer) => b,
                (b: Buffer) => pb.AnalyzeResponse.deserializeBinary(b),
                request,
                (err, res) => {
                    if (err || res === undefined) reject(new Error(`policy pack ${method} failed: ${err?.details || err?.message || "no response"}`));
                    else resolve(res.getDiagnosticsList().map((d) => ({ policyName: d.getPolicyname() })));
                },
            );
        });
    }

    /** Closes the channel. */
    close(): void {
        this.client.close();
    }
}
