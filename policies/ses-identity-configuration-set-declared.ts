/**
 * ses-identity-configuration-set-declared (stack policy, mandatory).
 *
 * When an SES v2 identity's default configuration set is declared in the same stack, the two agree: the
 * name the identity gives is the set's name (names are case-sensitive) and both live in the same region (a
 * configuration set only exists in its own region, so SES rejects the identity's setting otherwise). A set is
 * the identity's when its `configurationSetName` depends on it, or when the names are equal ignoring case.
 * Sets declared elsewhere are left to `ses-identity-configuration-set`.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { ConfigurationSet } from "./stack/configuration-sets";
import { describeIdentity } from "./stack/identities";
import { StackModel } from "./stack/stack-model";
import { isKnown } from "./stack/values";

/** The policy's name. */
export const IDENTITY_CONFIGURATION_SET_DECLARED = "ses-identity-configuration-set-declared";

function setLabel(set: ConfigurationSet): string {
    return `configuration set ${isKnown(set.name) ? `'${set.name}'` : "(name unknown)"} (resource '${set.resourceName}')`;
}

/** An identity's default configuration set, when declared in the stack, matches it by name and region. */
export const sesIdentityConfigurationSetDeclared: StackValidationPolicy = {
    name: IDENTITY_CONFIGURATION_SET_DECLARED,
    description:
        "When an SES v2 identity's default configuration set is declared in the same stack, the identity names it exactly and both are in the same region.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = StackModel.of(args.resources);
        const sets = model.configurationSets;
        if (sets.length === 0) return;
        const byUrn = new Map(sets.map((s) => [s.urn, s]));
        // By lower-cased name, so each identity finds its namesakes without scanning every set.
        const byName = new Map<string, ConfigurationSet[]>();
        for (const s of sets) {
            if (!isKnown(s.name)) continue;
            const key = s.name.toLowerCase();
            const list = byName.get(key);
            if (list === undefined) byName.set(key, [s]);
            else list.push(s);
        }
        for (const identity of model.identities) {
            if (identity.api !== "v2") continue;
            const name = identity.configurationSetName;
            const linked = (identity.configurationSetLinks ?? []).map((urn) => byUrn.get(urn)).filter((s): s is ConfigurationSet => s !== undefined);
            const matches = isKnown(name) ? (byName.get(name.toLowerCase()) ?? []) : [];
            for (const set of new Set([...linked, ...matches])) {
                const problems: string[] = [];
                if (isKnown(name) && isKnown(set.name) && set.name !== name) {
                    problems.push(`it names '${name}' but the set is called '${set.name}' (names are case-sensitive)`);
                }
                const a = identity.region.region;
                const b = set.region.region;
                if (isKnown(a) && isKnown(b) && a !== b) {
                    problems.push(`the identity is in ${a} but the set is in ${b}; a configuration set exists only in its own region`);
                }
                if (problems.length === 0) continue;
                reportViolation(
                    `${describeIdentity(identity)} and its default ${setLabel(set)} disagree: ${problems.join("; ")}. ` +
                        "Pass the set's own output (configurationSetName: set.configurationSetName) and give both the same provider or region.",
                    identity.resource.urn,
                );
            }
        }
    },
};
