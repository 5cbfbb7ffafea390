/**
 * The ses-guard policies as a list, without constructing the PolicyPack (that is `pack.ts`, the package's
 * `main`), so the library can import them. Each policy is wrapped so that it never throws out of validate.
 */
import { guardResourcePolicy, guardStackPolicy } from "./stack/guard";
import { sesConfigurationSetTlsRequired } from "./ses-configuration-set-tls-required";
import { sesDkimKeyLength } from "./ses-dkim-key-length";
import { sesDkimRecordValues } from "./ses-dkim-record-values";
import { sesDomainDmarc } from "./ses-domain-dmarc";
import { sesDomainIdentityVerified } from "./ses-domain-identity-verified";
import { sesEmailIdentityVerifiable } from "./ses-email-identity-verifiable";
import { sesGlobalEndpointIdentities } from "./ses-global-endpoint-identities";
import { sesIdentityConfigurationSet } from "./ses-identity-configuration-set";
import { sesIdentityConfigurationSetDeclared } from "./ses-identity-configuration-set-declared";
import { sesIdentityPolicyNotPublic } from "./ses-identity-policy-not-public";
import { sesIdentitySesv2Recommended } from "./ses-identity-sesv2-recommended";
import { sesIdentityUnique } from "./ses-identity-unique";
import { sesMailFromRecords } from "./ses-mail-from-records";
import { sesResourceRegionValid } from "./ses-resource-region-valid";
import { sesTenantAssociations } from "./ses-tenant-associations";
import { policyDocs } from "./policy-docs";

/**
 * A callback the pack calls with @pulumi/policy's arguments. It is declared here, not imported, so that the
 * library's public types never pull in @pulumi/policy's declaration files (which do not compile without
 * skipLibCheck); its arguments are left opaque (`unknown`, checked bivariantly as methods are), which keeps the list
 * assignable to @pulumi/policy's `Policies` for a pack of your own.
 */
export type PolicyCallback<R> = { callback(args: unknown, reportViolation: unknown): R }["callback"];

/** What every policy declares: the fields `pulumi preview` shows and configures. */
export interface PolicyDescription {
    /** The policy's name, unique in the pack. */
    name: string;
    /** What the policy demands, in one sentence. */
    description: string;
    /** Its default level. */
    enforcementLevel?: "advisory" | "mandatory" | "remediate" | "disabled";
    /** The JSON schema of its `--policy-pack-config` properties. */
    configSchema?: { properties: Record<string, object>; required?: string[] };
    /** A title of a few words (see ./policy-docs). */
    displayName?: string;
    /** What to change so that the policy passes. */
    remediationSteps?: string;
    /** Where its documentation is. */
    url?: string;
    /** How bad a violation is. */
    severity?: "low" | "medium" | "high" | "critical";
    /** The control of another scanner it matches. */
    framework?: { name: string; version: string; reference: string; specification: string };
    /** Labels, e.g. other scanners' matching controls. */
    tags?: string[];
}

/** A policy that judges one resource at a time (and may remediate it). */
export interface ResourcePolicy extends PolicyDescription {
    /** Its checks of one resource's inputs. */
    validateResource?: PolicyCallback<Promise<void> | void> | PolicyCallback<Promise<void> | void>[];
    /** Its fix of one resource's inputs, at level `remediate`. */
    remediateResource?: {
        remediate(args: unknown): Promise<Record<string, unknown>> | Record<string, unknown> | Promise<void> | void | undefined;
    }["remediate"];
}

/** A policy that judges the whole stack's resources together. */
export interface StackPolicy extends PolicyDescription {
    /** Its check of every resource's outputs. */
    validateStack: PolicyCallback<Promise<void> | void>;
}

export { POLICY_PACK_NAME } from "./policy-docs";

/**
 * The largest AnalyzeStack answer the Pulumi CLI's policy proxy accepts (gRPC's default 4 MiB receive limit),
 * less room for framing.
 */
const ANSWER_LIMIT = 4 * 1024 * 1024 - 64 * 1024;

/** Every policy of the pack, in the order they run. */
const POLICIES: (StackPolicy | ResourcePolicy)[] = [
    sesDomainIdentityVerified,
    sesEmailIdentityVerifiable,
    sesIdentityUnique,
    sesIdentityConfigurationSet,
    sesIdentitySesv2Recommended,
    sesIdentityConfigurationSetDeclared,
    sesMailFromRecords,
    sesDkimRecordValues,
    sesDkimKeyLength,
    sesIdentityPolicyNotPublic,
    sesConfigurationSetTlsRequired,
    sesDomainDmarc,
    sesGlobalEndpointIdentities,
    sesTenantAssociations,
    sesResourceRegionValid,
];

const isStackPolicy = (p: StackPolicy | ResourcePolicy): p is StackPolicy => "validateStack" in p;

/** Each stack policy's share of an AnalyzeStack answer. */
const share = Math.floor(ANSWER_LIMIT / POLICIES.filter(isStackPolicy).length);

/** Every policy of the pack, in the order they run, each guarded and carrying its documentation. */
export const policies: (ResourcePolicy | StackPolicy)[] = POLICIES.map((p) => {
    const documented = { ...p, ...policyDocs(p.name) };
    return isStackPolicy(documented) ? guardStackPolicy(documented, share) : guardResourcePolicy(documented);
});
