/**
 * The policy pack entry: package.json `main`. `pulumi preview --policy-pack <dir>` loads it and the
 * PolicyPack constructor starts the analyzer server. Only this file constructs the pack; the library
 * imports `./index` instead.
 */
import { setFlagsFromString } from "node:v8";
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./index";
import { PACK_DOCS, packReadme } from "./policy-docs";

// The pack's heap grows by at most 30% past what a collection leaves, not by V8's own factor (up to 4x for a
// process that allocates fast). AnalyzeStack of a 50,000-resource stack peaked at 1.37 to 1.56 GiB with V8's
// factor and at 1.05 to 1.07 GiB with this, in about the same time (bench/README.md, 6). The Pulumi CLI starts
// the pack with no node flags, so the pack sets it itself.
setFlagsFromString("--heap-growing-percent=30");

new PolicyPack(POLICY_PACK_NAME, { policies, displayName: PACK_DOCS.displayName, tags: [...PACK_DOCS.tags], readme: packReadme(policies) });
