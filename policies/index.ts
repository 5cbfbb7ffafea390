/**
 * The ses-guard policies as a list, without constructing the PolicyPack (that is `pack.ts`, the package's
 * `main`), so the library can import them. Each policy is wrapped so that it never throws out of validate.
 */
import { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { guardResourcePolicy, guardStackPolicy } from "./stack/guard";
import { sesConfigurationSetTlsRequired } from "./ses-configuration-set-tls-required";
import { sesDkimRecordValues } from "./ses-dkim-record-values";
import { sesDomainDmarc } from "./ses-domain-dmarc";
import { sesDomainIdentityVerified } from "./ses-domain-identity-verified";
import { sesEmailIdentityVerifiable } from "./ses-email-identity-verifiable";
import { sesIdentityConfigurationSet } from "./ses-identity-configuration-set";
import { sesIdentityConfigurationSetDeclared } from "./ses-identity-configuration-set-declared";
import { sesIdentityPolicyNotPublic } from "./ses-identity-policy-not-public";
import { sesIdentitySesv2Recommended } from "./ses-identity-sesv2-recommended";
import { sesIdentityUnique } from "./ses-identity-unique";
import { sesMailFromRecords } from "./ses-mail-from-records";

/** The name the pack is served under. */
export const POLICY_PACK_NAME = "ses-guard";

/**
 * The largest AnalyzeStack answer the Pulumi CLI's policy proxy accepts (gRPC's default 4 MiB receive limit),
 * less room for framing.
 */
const ANSWER_LIMIT = 4 * 1024 * 1024 - 64 * 1024;

/** Every policy of the pack, in the order they run. */
const POLICIES: (StackValidationPolicy | ResourceValidationPolicy)[] = [
    sesDomainIdentityVerified,
    sesEmailIdentityVerifiable,
    sesIdentityUnique,
    sesIdentityConfigurationSet,
    sesIdentitySesv2Recommended,
    sesIdentityConfigurationSetDeclared,
    sesMailFromRecords,
    sesDkimRecordValues,
    sesIdentityPolicyNotPublic,
    sesConfigurationSetTlsRequired,
    sesDomainDmarc,
];

const isStackPolicy = (p: StackValidationPolicy | ResourceValidationPolicy): p is StackValidationPolicy => "validateStack" in p;

/** Each stack policy's share of an AnalyzeStack answer. */
const share = Math.floor(ANSWER_LIMIT / POLICIES.filter(isStackPolicy).length);

/** Every policy of the pack, in the order they run, each guarded. */
export const policies: Policies = POLICIES.map((p) => (isStackPolicy(p) ? guardStackPolicy(p, share) : guardResourcePolicy(p)));
