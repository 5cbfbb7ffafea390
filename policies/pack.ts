/**
 * The policy pack entry: package.json `main`. `pulumi preview --policy-pack <dir>` loads it and the
 * PolicyPack constructor starts the analyzer server. Only this file constructs the pack; the library
 * imports `./index` instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./index";
import { PACK_DOCS, packReadme } from "./policy-docs";

new PolicyPack(POLICY_PACK_NAME, { policies, displayName: PACK_DOCS.displayName, tags: [...PACK_DOCS.tags], readme: packReadme(policies) });
