/**
 * Pulumi's own analyzer gRPC stubs and the exact module copies they were generated against. Messages must
 * come from the same google-protobuf and @grpc/grpc-js copies the stubs load (their serializers check
 * `instanceof`), so both are resolved relative to @pulumi/pulumi/proto rather than from this package.
 */
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcPb from "@pulumi/pulumi/proto/analyzer_grpc_pb";
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

let loaded: AnalyzerProto | undefined;

/** Loads (once) the analyzer stubs of the @pulumi/pulumi this package resolves, with their own dependencies. */
export function analyzerProto(): AnalyzerProto {
    if (loaded === undefined) {
        const stubPath = require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb");
        const fromStubs = createRequire(stubPath);
        loaded = {
            grpc: fromStubs("@grpc/grpc-js") as typeof grpcJs,
            pb: fromStubs("./analyzer_pb") as typeof analyzerPb,
            rpc: fromStubs("./analyzer_grpc_pb") as typeof analyzerGrpcPb,
            struct: fromStubs("google-protobuf/google/protobuf/struct_pb") as typeof structPb,
            empty: fromStubs("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb,
        };
    }
    return loaded;
}
