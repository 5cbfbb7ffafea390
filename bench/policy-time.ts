/** The stderr lines the policy timer (hooks/time-policies.ts) writes, and reading them back. */
import * as path from "node:path";

/** The line prefix: `ses-guard-bench policy-ms <policy> <ms>`, one line per stack policy call. */
export const POLICY_TIME_PREFIX = "ses-guard-bench policy-ms ";

/** The line the timer writes once, when the pack is constructed: `ses-guard-bench stack-policies <n>`. */
export const STACK_POLICIES_PREFIX = "ses-guard-bench stack-policies ";

/** The environment that preloads the policy timer into a pack process. */
export function policyTimerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const hook = path.join(__dirname, "hooks/time-policies.js");
    return { ...base, NODE_OPTIONS: `${base.NODE_OPTIONS ?? ""} --require ${JSON.stringify(hook)}`.trim() };
}

/** The number of stack policies the timer announced in a pack's stderr, or undefined. */
export function timedStackPolicies(stderr: string): number | undefined {
    const line = stderr.split("\n").find((l) => l.startsWith(STACK_POLICIES_PREFIX));
    return line === undefined ? undefined : Number(line.slice(STACK_POLICIES_PREFIX.length));
}

/** The timer's lines in `stderr` (the text a pack wrote during one call): how many, and their total ms. */
export function policyTimesIn(stderr: string): { lines: number; totalMs: number } {
    let lines = 0;
    let totalMs = 0;
    for (const line of stderr.split("\n")) {
        if (!line.startsWith(POLICY_TIME_PREFIX)) continue;
        lines += 1;
        totalMs += Number(line.slice(POLICY_TIME_PREFIX.length).split(" ")[1]);
    }
    return { lines, totalMs };
}
