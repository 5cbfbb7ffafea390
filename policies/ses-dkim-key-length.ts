/**
 * ses-dkim-key-length (resource policy, advisory).
 *
 * An SES v2 domain identity signs with a 2048-bit DKIM key: an Easy DKIM `nextSigningKeyLength` of `RSA_1024_BIT`,
 * or a BYODKIM `domainSigningPrivateKey` of 1024 bits, is advised up to 2048. A 1024-bit key still verifies and
 * signs (RFC 8301 section 3.2 sets 1024 bits as the least verifiers accept), so this is advice, not a block; the
 * rule is records/mail-auth-lint.ts's. Only the key's length is read: the key itself (often a secret) is never shown.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ADVISED_DKIM_KEY_BITS, LintFinding, lintDkimKeyBits, lintEasyDkimKeyLength, rsaPrivateKeyBits } from "../records";
import { SESV2_EMAIL_IDENTITY } from "../state/resource-types";
import { shownName } from "./stack/identities";
import { nonEmptyStringAt, objectAt, plainProps } from "./stack/values";

/** The policy's name. */
export const DKIM_KEY_LENGTH = "ses-dkim-key-length";

/** The finding for an identity's DKIM signing attributes, where its key length is known. */
function keyFinding(attrs: Record<string, unknown>): LintFinding | undefined {
    const key = nonEmptyStringAt(attrs, "domainSigningPrivateKey");
    if (typeof key === "string") {
        const bits = rsaPrivateKeyBits(key);
        // A key that cannot be read is ses-dkim-record-values' finding; its length is not guessed here.
        if (bits === undefined) return undefined;
        const finding = lintDkimKeyBits(bits, "its BYODKIM domainSigningPrivateKey");
        return finding === undefined
            ? undefined
            : {
                  ...finding,
                  fix: `${finding.fix} (e.g. tls.PrivateKey with rsaBits: ${ADVISED_DKIM_KEY_BITS}), and publish its public key at the selector's TXT record`,
              };
    }
    const length = nonEmptyStringAt(attrs, "nextSigningKeyLength");
    return typeof length === "string" ? lintEasyDkimKeyLength(length) : undefined;
}

/** SES v2 domain identities sign with 2048-bit DKIM keys. */
export const sesDkimKeyLength: ResourceValidationPolicy = {
    name: DKIM_KEY_LENGTH,
    description: "Every SES v2 identity that sets its DKIM key length (Easy DKIM nextSigningKeyLength or a BYODKIM private key) uses 2048 bits, not 1024.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== SESV2_EMAIL_IDENTITY) return;
        const props = plainProps(args.props);
        const attrs = objectAt(props, "dkimSigningAttributes");
        if (typeof attrs !== "object") return;
        const finding = keyFinding(attrs);
        if (finding === undefined) return;
        const name = nonEmptyStringAt(props, "emailIdentity");
        const shown = typeof name === "string" ? shownName(name) : "(name unknown until the update)";
        reportViolation(`SES v2 identity ${shown} (resource '${args.name}'): ${finding.problem}. Instead: ${finding.fix}.`);
    },
};
