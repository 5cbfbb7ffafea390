/**
 * What `pulumi policy analyze --file EXPORT` (CLI 3.229+, pulumi/pulumi `pkg/cmd/pulumi/policy/policy_analyze.go`
 * and `pkg/resource/deploy/analyze_snapshot.go`) sends a pack, which `ses-guard audit` mirrors:
 * - the packs are loaded without stack options, so no ConfigureStack is sent and the pack's environment has no
 *   `PULUMI_CONFIG` and no `PULUMI_NODEJS_PROJECT`/`_STACK`/`_DRY_RUN`;
 * - secrets it cannot decrypt (a ciphertext, as `pulumi stack export` writes without `--show-secrets`) are
 *   redacted to the string `"[secret]"`, whatever their type, and stay secrets;
 * - per resource Remediate (reported, never applied) then Analyze on inputs, then AnalyzeStack on outputs in the
 *   snapshot's order.
 */
import type { CapturedResource } from "../state/captured-resource";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN, isObject } from "../state/wire";
import { REDACTED } from "../state/secret-values";
import type { AnalysisOptions } from "./run-analysis";

/** The value `pulumi policy analyze` gives a secret it cannot decrypt (the blinding secrets provider's): how ses-guard shows every secret. */
export const REDACTED_SECRET = REDACTED;

/** The analysis options of `pulumi policy analyze`: deployed state, no ConfigureStack, the snapshot's order. */
export const POLICY_ANALYZE_OPTIONS: AnalysisOptions = { preview: false, applyRemediations: false, configureStack: false, orderSeed: null };

/**
 * `value` with every undecryptable secret (read from a stack export as a secret of unknown value) redacted; `count`
 * counts them. What holds none is returned as it is, not copied: a large export is mostly such values, and a copy
 * of each would double what the command holds while it analyzes.
 */
function redact(value: unknown, count: { redacted: number }): unknown {
    if (Array.isArray(value)) {
        const items = value.map((v) => redact(v, count));
        return items.every((v, i) => v === value[i]) ? value : items;
    }
    if (!isObject(value)) return value;
    if (value[SECRET_SIG] === SECRET_VALUE_SIG && value.value === UNKNOWN) {
        count.redacted++;
        return { [SECRET_SIG]: SECRET_VALUE_SIG, value: REDACTED_SECRET };
    }
    const entries = Object.entries(value).map(([k, v]) => [k, redact(v, count)] as const);
    return entries.every(([k, v]) => v === value[k]) ? value : Object.fromEntries(entries);
}

/**
 * The resources of a stack export with secrets that could not be decrypted as `pulumi policy analyze` sends them,
 * and how many secret values were redacted (the CLI then warns "analyzing with secret values redacted").
 */
export function redactUndecryptableSecrets(resources: CapturedResource[]): { resources: CapturedResource[]; redacted: number } {
    const count = { redacted: 0 };
    const props = (p: Record<string, unknown>): Record<string, unknown> => redact(p, count) as Record<string, unknown>;
    const redacted = resources.map((r) => {
        const inputs = props(r.inputs);
        const outputs = props(r.outputs);
        const provider = r.provider && props(r.provider.properties);
        if (inputs === r.inputs && outputs === r.outputs && provider === r.provider?.properties) return r;
        return { ...r, inputs, outputs, ...(r.provider ? { provider: { ...r.provider, properties: provider as Record<string, unknown> } } : {}) };
    });
    return { resources: redacted, redacted: count.redacted };
}
