// Baseline pack for ses-guard's benchmarks: the published @pulumi/awsguard pack, every policy advisory,
// started by the benchmarks exactly as `pulumi preview --policy-pack bench/baselines/awsguard` would.
"use strict";
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "advisory" });
