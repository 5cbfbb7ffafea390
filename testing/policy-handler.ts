/**
 * One AnalyzeStack request through @pulumi/policy 1.21's own handler (`makeAnalyzeStackRpcFun` in server.js),
 * in this process: for tests and benchmarks that need what @pulumi/policy hands stack policies, without a pack
 * process and its gRPC server.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import * as policyServer from "@pulumi/policy/server";
import { analyzerProto } from "../offline-engine/proto";

/** @pulumi/policy's AnalyzeStack handler factory (server.js; internal, so not in its typings). */
type AnalyzeStackHandler = (call: { request: unknown }, callback: (err: unknown) => void) => void;
const { makeAnalyzeStackRpcFun } = policyServer as unknown as {
    makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: StackValidationPolicy[]): AnalyzeStackHandler;
};

/**
 * Decodes `bytes` (an encoded AnalyzeStackRequest) as the pack's gRPC server decodes a request, a new message each
 * call, and runs `policies` over it through @pulumi/policy's handler; resolves when the handler answers.
 */
export function analyzeThroughPolicyHandler(bytes: Uint8Array, policies: StackValidationPolicy[]): Promise<void> {
    const { pb } = analyzerProto();
    const request = pb.AnalyzeStackRequest.deserializeBinary(bytes);
    return new Promise((resolve, reject) => makeAnalyzeStackRpcFun("p", "1.0.0", "mandatory", policies)({ request }, (err) => (err ? reject(err) : resolve())));
}
