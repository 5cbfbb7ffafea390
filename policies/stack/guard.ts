/**
 * Policies never throw out of their validate functions: an unexpected error (a bug, a shape nobody
 * foresaw) is reported as a violation of the policy that hit it, naming the policy, instead of failing
 * the whole request or being swallowed by @pulumi/policy's "can't run during preview" note. And no violation
 * message carries a secret value (each is shown as `[secret]`, ./secrets) or a control character of a name.
 */
import { ResourceValidationPolicy, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { requestSecrets } from "./secrets";
import { plain } from "./values";
import { printable } from "../../check/printable";
import type { SecretValues } from "../../state/secret-values";

/** A terminal control character (C0 but tab, DEL, C1), as ../../check/printable escapes them. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** The strings with control characters in `values` (property objects, names), each once, the longest first. */
function controlTexts(values: readonly unknown[]): string[] {
    const found = new Set<string>();
    const walk = (v: unknown, depth: number): void => {
        const p = plain(v);
        if (typeof p === "string") {
            if (CONTROL.test(p)) found.add(p);
        } else if (depth < 64 && Array.isArray(p)) {
            for (const e of p) walk(e, depth + 1);
        } else if (depth < 64 && typeof p === "object" && p !== null) {
            for (const k of Object.keys(p)) walk((p as Record<string, unknown>)[k], depth + 1);
        }
    };
    for (const v of values) walk(v, 0);
    return [...found].sort((a, b) => b.length - a.length);
}

/**
 * `reportViolation` with the request's user text made safe: each value of the request (of the property objects and
 * names `values` gives) that holds terminal control characters is shown with them as `?` (a line break in a name
 * would forge a line of the message), and every secret value (and secret config) is `[secret]`. Both are gathered
 * at the first violation.
 */
function redacting(reportViolation: ReportViolation, values: () => unknown[]): ReportViolation {
    let secrets: SecretValues | undefined;
    let unsafe: string[] = [];
    return (message, urn) => {
        if (secrets === undefined) {
            const all = values();
            secrets = requestSecrets(all);
            unsafe = controlTexts(all);
        }
        let text = message;
        for (const u of unsafe) text = text.split(u).join(printable(u));
        reportViolation(secrets.redact(text), urn);
    };
}

/** The message reported when a policy fails unexpectedly. */
function internalErrorMessage(policyName: string, err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const reason = err instanceof UnknownValueError ? `it read a value unknown during preview (${message})` : message;
    return (
        `ses-guard policy '${policyName}' could not finish: ${reason}. Its verdict for this ` +
        "stack is incomplete; this is a bug in ses-guard, please report it with the resource shown."
    );
}

/**
 * The stack policy with its `validateStack` wrapped so that nothing escapes it, and its violations held to
 * `answerShare` bytes of the AnalyzeStack answer (see {@link ViolationBudget}).
 */
export function guardStackPolicy(policy: StackValidationPolicy, answerShare = Infinity): StackValidationPolicy {
    const validate = policy.validateStack;
    return {
        ...policy,
        validateStack: async (args, report) => {
            const reportViolation = redacting(report, () => args.resources.flatMap((r) => [r.props, r.provider?.props, r.name]));
            const budget = new ViolationBudget(policy, answerShare, reportViolation);
            try {
                await validate(args, (message, urn) => budget.report(message, urn));
            } catch (err) {
                reportViolation(internalErrorMessage(policy.name, err));
            }
            budget.finish();
        },
    };
}

/** What each diagnostic costs in the answer beyond its message and URN: names, version, level, framing. */
const DIAGNOSTIC_OVERHEAD = 64;

/**
 * Keeps one policy's share of an AnalyzeStack answer within `share` bytes. The Pulumi CLI (3.221 and later)
 * reaches the pack through a proxy that takes answers of at most 4 MiB, and every diagnostic repeats the
 * policy's description; so once a policy's violations would pass its share, the rest are folded into one
 * closing violation that names each remaining resource on one line (as many as fit, then a count).
 */
class ViolationBudget {
    private used = 0;
    private readonly folded: { urn: string; line: string }[] = [];

    constructor(
        private readonly policy: { name: string; description: string },
        private readonly share: number,
        private readonly reportViolation: (message: string, urn?: string) => void,
    ) {}

    /** Reports the violation in full while it fits the share, else keeps its first line for the closing one. */
    report(message: string, urn?: string): void {
        // @pulumi/policy sends the description twice: as its own field and in front of the message.
        const cost = DIAGNOSTIC_OVERHEAD + 2 * this.policy.description.length + message.length + (urn?.length ?? 0);
        if (this.folded.length === 0 && this.used + cost <= this.share / 2) {
            this.used += cost;
            this.reportViolation(message, urn);
            return;
        }
        this.folded.push({ urn: urn ?? "", line: message.split("\n", 1)[0].slice(0, 240) });
    }

    /** Reports the closing violation for what did not fit, if anything. */
    finish(): void {
        if (this.folded.length === 0) return;
        const room = this.share - this.used - DIAGNOSTIC_OVERHEAD - 2 * this.policy.description.length - 400;
        const lines: string[] = [];
        let size = 0;
        for (const f of this.folded) {
            if (size + f.line.length + 5 > room) break;
            lines.push(`  - ${f.line}`);
            size += f.line.length + 5;
        }
        const rest = this.folded.length - lines.length;
        this.reportViolation(
            `${this.folded.length} more violation(s) of ${this.policy.name}, each as described in full above (shortened so the answer ` +
                "stays within the 4 MiB the Pulumi CLI accepts from a policy pack):\n" +
                lines.join("\n") +
                (rest > 0 ? `\n  ... and ${rest} more` : ""),
            this.folded[0].urn || undefined,
        );
    }
}

/** The resource policy with its validations (and remediation) wrapped so that nothing escapes them. */
export function guardResourcePolicy(policy: ResourceValidationPolicy): ResourceValidationPolicy {
    const validations =
        policy.validateResource === undefined ? undefined : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    const remediate = policy.remediateResource;
    return {
        ...policy,
        validateResource: validations?.map((validate) => async (args, report) => {
            const reportViolation = redacting(report, () => [args.props, args.provider?.props, args.name]);
            try {
                await validate(args, reportViolation);
            } catch (err) {
                reportViolation(internalErrorMessage(policy.name, err));
            }
        }),
        remediateResource:
            remediate === undefined
                ? undefined
                : async (args) => {
                      try {
                          return await remediate(args);
                      } catch {
                          // Left to validateResource, which reports the same resource with the reason.
                          return undefined;
                      }
                  },
    };
}
