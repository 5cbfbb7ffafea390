// Baseline pack for ses-guard's benchmarks: ses-guard's policy shape (as many stack and resource policies,
// counted from the built ses-guard policies) with policies that do nothing. @pulumi/policy deserializes the
// whole stack once per stack policy before calling it, so this pack measures what that shape costs before
// any policy logic; ses-guard against it is the cost of ses-guard's own checks.
// @pulumi/policy resolves from the repository's node_modules.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const { policies: sesGuardPolicies } = require("../../../dist/policies/index.js");

const policies = sesGuardPolicies.map((p, i) =>
    typeof p.validateStack === "function"
        ? { name: `shape-floor-stack-${i + 1}`, description: "A stack policy that looks at nothing.", enforcementLevel: "mandatory", validateStack: () => {} }
        : {
              name: `shape-floor-resource-${i + 1}`,
              description: "A resource policy that looks at nothing.",
              enforcementLevel: "mandatory",
              validateResource: () => {},
          },
);

new PolicyPack("shape-floor", { policies });
