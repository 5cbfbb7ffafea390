/**
 * Preloaded into a pack process (`NODE_OPTIONS=--require <this file>`) by the stack benchmark: wraps every
 * stack policy the pack constructs so that the time spent inside its `validateStack` is written to stderr
 * (see policy-time.ts). That is the pack's own logic, apart from what
 * @pulumi/policy spends decoding and deserializing the request before it calls the policy.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { POLICY_TIME_PREFIX, STACK_POLICIES_PREFIX } from "../policy-time";

type ValidateStack = (args: unknown, report: unknown) => unknown;
interface AnyPolicy {
    name: string;
    validateStack?: ValidateStack;
}
type PackConstructor = new (name: string, args: { policies: AnyPolicy[] }, ...rest: unknown[]) => object;

function timed(policy: AnyPolicy): AnyPolicy {
    const validate = policy.validateStack;
    if (validate === undefined) return policy;
    return {
        ...policy,
        validateStack: async (args, report) => {
            const started = process.hrtime.bigint();
            try {
                return await validate(args, report);
            } finally {
                const ms = Number(process.hrtime.bigint() - started) / 1e6;
                process.stderr.write(`${POLICY_TIME_PREFIX}${policy.name} ${ms.toFixed(3)}\n`);
            }
        },
    };
}

/** Replaces @pulumi/policy's PolicyPack (as the pack in the working directory resolves it) with a timing one. */
function install(): void {
    // The copy the pack in the working directory loads, which may not be the one this file would resolve.
    const fromPack = createRequire(path.resolve("package.json"));
    const policyModule = fromPack("@pulumi/policy/policy") as { PolicyPack: PackConstructor };
    const Original = policyModule.PolicyPack;
    policyModule.PolicyPack = class extends Original {
        constructor(name: string, args: { policies: AnyPolicy[] }, ...rest: unknown[]) {
            process.stderr.write(`${STACK_POLICIES_PREFIX}${args.policies.filter((p) => p.validateStack !== undefined).length}\n`);
            super(name, { ...args, policies: args.policies.map(timed) }, ...rest);
        }
    };
}

install();
