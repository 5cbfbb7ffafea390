/**
 * Pulumi's own gRPC stubs and the exact module copies they were generated against. Messages must come from the
 * same google-protobuf and @grpc/grpc-js copies the stubs load (their serializers check `instanceof`), so both are
 * resolved relative to @pulumi/pulumi/proto rather than from this package.
 */
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type * as resourceGrpcPb from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as engineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as callbackPb from "@pulumi/pulumi/proto/callback_pb";
import type * as callbackGrpcPb from "@pulumi/pulumi/proto/callback_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";

/** The modules one analyzer client needs, all from one consistent set of copies. */
export interface AnalyzerProto {
    grpc: typeof grpcJs;
    pb: typeof analyzerPb;
    rpc: typeof analyzerGrpcPb;
    struct: typeof structPb;
    empty: typeof emptyPb;
}

/** The modules the engine's resource monitor, engine and callback client need, from the same copies. */
export interface EngineProto {
    grpc: typeof grpcJs;
    resource: typeof resourcePb;
    resourceRpc: typeof resourceGrpcPb;
    engine: typeof enginePb;
    engineRpc: typeof engineGrpcPb;
    callback: typeof callbackPb;
    callbackRpc: typeof callbackGrpcPb;
    provider: typeof providerPb;
    struct: typeof structPb;
    empty: typeof emptyPb;
}

let analyzer: AnalyzerProto | undefined;
let engine: EngineProto | undefined;

/** A require function that resolves as Pulumi's generated stubs do. */
function fromStubs(): NodeJS.Require {
    return createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
}

/** Loads (once) the analyzer stubs of the @pulumi/pulumi this package resolves, with their own dependencies. */
export function analyzerProto(): AnalyzerProto {
    if (analyzer === undefined) {
        const req = fromStubs();
        analyzer = {
            grpc: req("@grpc/grpc-js") as typeof grpcJs,
            pb: req("./analyzer_pb") as typeof analyzerPb,
            rpc: req("./analyzer_grpc_pb") as typeof analyzerGrpcPb,
            struct: req("google-protobuf/google/protobuf/struct_pb") as typeof structPb,
            empty: req("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb,
        };
    }
    return analyzer;
}

/** Loads (once) the resource monitor, engine and callback stubs, with the same dependencies as the analyzer's. */
export function engineProto(): EngineProto {
    if (engine === undefined) {
        const req = fromStubs();
        engine = {
            grpc: req("@grpc/grpc-js") as typeof grpcJs,
            resource: req("./resource_pb") as typeof resourcePb,
            resourceRpc: req("./resource_grpc_pb") as typeof resourceGrpcPb,
            engine: req("./engine_pb") as typeof enginePb,
            engineRpc: req("./engine_grpc_pb") as typeof engineGrpcPb,
            callback: req("./callback_pb") as typeof callbackPb,
            callbackRpc: req("./callback_grpc_pb") as typeof callbackGrpcPb,
            provider: req("./provider_pb") as typeof providerPb,
            struct: req("google-protobuf/google/protobuf/struct_pb") as typeof structPb,
            empty: req("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb,
        };
    }
    return engine;
}
