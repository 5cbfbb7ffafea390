/**
 * ses-identity-unique (stack policy, mandatory).
 *
 * No two identity resources of the stack declare the same identity (domain or address) in the same region, in
 * either API. SES v2 rejects the second `CreateEmailIdentity` (AlreadyExistsException); SES v1 accepts the
 * second `VerifyDomainIdentity`, but deleting either resource deletes the one identity for both. The usual
 * cause is a copy of the identity made to read its token: read it from the one resource instead.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { SesIdentity, describeIdentity, identityNameKey, shownName } from "./stack/identities";
import { describeRegion } from "./stack/region";
import { StackModel } from "./stack/stack-model";
import { UNKNOWN } from "./stack/values";

/** The policy's name. */
export const IDENTITY_UNIQUE = "ses-identity-unique";

/** The key two declarations of one identity share: name (domain part case-folded) and region. */
function identityKey(identity: SesIdentity): string | undefined {
    const name = identityNameKey(identity);
    if (name === undefined || identity.region.region === UNKNOWN) return undefined;
    // No region at all: every such identity goes to the one region the deploy's environment gives.
    return `${name}\n${identity.region.region ?? ""}`;
}

/** Each SES identity is declared by one resource per region. */
export const sesIdentityUnique: StackValidationPolicy = {
    name: IDENTITY_UNIQUE,
    description:
        "No two SES identity resources declare the same domain or address in the same region (SES v2 rejects the second; in SES v1 deleting either deletes both).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = StackModel.of(args.resources);
        const byKey = new Map<string, SesIdentity[]>();
        for (const identity of model.identities) {
            const key = identityKey(identity);
            if (key === undefined) continue;
            const list = byKey.get(key);
            if (list === undefined) byKey.set(key, [identity]);
            else list.push(identity);
        }
        for (const group of byKey.values()) {
            if (group.length < 2) continue;
            // The model's identities are in URN order, so the verdict does not follow the request's (arbitrary) order.
            const [first, ...copies] = group;
            for (const copy of copies) {
                reportViolation(
                    `${describeIdentity(copy)} declares the same identity as resource '${first.resource.name}' ` +
                        `(${first.api === copy.api ? `both SES ${copy.api}` : "SES v1 and v2"}, region ${describeRegion(copy.region)}). ` +
                        `SES v2 rejects the second create; SES v1 accepts it, but deleting either resource deletes ${shownName(String(copy.name))} for both. ` +
                        "Keep one resource and read what you need (tokens, ARN) from its outputs.",
                    copy.resource.urn,
                );
            }
        }
    },
};
