/**
 * `VerifiedDomain`: an SES v2 domain identity together with every DNS record that verifies it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    byoDkimRecord,
    CHECK_TARGET_MARKER,
    CheckTarget,
    dkimPublicKeyFromPrivateKey,
    dmarcRecord,
    EASY_DKIM_TOKEN_COUNT,
    easyDkimRecords,
    mailFromRecords,
    normalizeDnsName,
    RECORD_TYPE_BY_PURPOSE,
    RecordPurpose,
    RequiredRecord,
    sesPrivateKeyValue,
} from "../records";
import { throwFirstProblem } from "./argument-error";
import { declareConfigurationSet } from "./configuration-set";
import { DeclaredRecord } from "./dns-adapter";
import { regionProblem, resolveRegion } from "./region";
import { applyTransform } from "./transform";
import { ByoDkimOptions, isByoDkim, privateKeyProblem, VerifiedDomainArgs, verifiedDomainProblems } from "./verified-domain-args";

/** One DNS record of an identity as the component outputs it, whether or not it published it (records/' record without `required`). */
export type PublishedRecord = Omit<RequiredRecord, "required">;

/**
 * An SES v2 domain identity with Easy DKIM or BYODKIM, an optional custom MAIL FROM domain, an optional
 * DMARC record and a default configuration set, plus every DNS record that verifies it, published through
 * a DNS adapter or output for you to publish.
 *
 * ```ts
 * const mail = new VerifiedDomain("mail", {
 *     domain: "example.com",
 *     dns: route53Dns({ zoneName: "example.com" }),
 *     mailFrom: { domain: "bounce.example.com" },
 *     dmarc: { policy: "none", reportAddress: "dmarc@example.com" },
 * });
 * export const sesIdentity = mail.checkTarget;
 * ```
 */
export class VerifiedDomain extends pulumi.ComponentResource {
    /** The identity's domain, normalized (lower case, no trailing dot). */
    readonly domain: string;
    /** The `aws.sesv2.EmailIdentity`. */
    readonly identity: aws.sesv2.EmailIdentity;
    /** The identity's ARN. */
    readonly identityArn: pulumi.Output<string>;
    /** The AWS region of the identity. */
    readonly region: pulumi.Output<string>;
    /** DKIM tokens (Easy DKIM) or the selector (BYODKIM), as SES reports them. */
    readonly dkimTokens: pulumi.Output<string[]>;
    /** Every record that verifies the identity (and DMARC when asked for), whether or not the component published it. */
    readonly records: pulumi.Output<PublishedRecord[]>;
    /** The DNS record resources the adapter created (empty with `dns: false`). */
    readonly dnsRecords: pulumi.CustomResource[];
    /** The default configuration set's name; undefined with `configurationSet: false`. */
    readonly configurationSetName: pulumi.Output<string | undefined>;
    /** The custom MAIL FROM domain, when one is set. */
    readonly mailFromDomain?: string;
    /** What `ses-guard verify` needs to find and judge this identity; export it as a stack output. */
    readonly checkTarget: pulumi.Output<CheckTarget>;

    constructor(name: string, args: VerifiedDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `VerifiedDomain "${name}"`;
        throwFirstProblem(label, verifiedDomainProblems(args));
        throwFirstProblem(label, [regionProblem("aws:region (stack config)", new pulumi.Config("aws").get("region"))]);
        super("ses-guard:index:VerifiedDomain", name, {}, opts);

        const domain = normalizeDnsName(args.domain);
        const region = pulumi.output(resolveRegion(this, args.region));
        const transform = args.transform ?? {};
        const byo = isByoDkim(args.dkim) ? args.dkim : undefined;
        const importId = args.import === true ? domain : undefined;

        const configurationSet = declareConfigurationSet(args.configurationSet, {
            parent: this,
            componentName: name,
            region,
            tags: args.tags,
            transform: transform.configurationSet,
        });

        const [identityArgs, identityOpts] = applyTransform(
            transform.identity,
            name,
            {
                emailIdentity: domain,
                region,
                configurationSetName: configurationSet.name,
                dkimSigningAttributes: byo !== undefined ? byoSigningAttributes(label, byo) : { nextSigningKeyLength: easyKeyLength(args) },
                tags: args.tags,
            } as aws.sesv2.EmailIdentityArgs,
            { parent: this, import: importId } as pulumi.CustomResourceOptions,
        );
        const identity = new aws.sesv2.EmailIdentity(name, identityArgs, identityOpts);

        const records: DeclaredRecord[] = [];
        if (byo !== undefined) {
            const publicKey = byo.publicKey !== undefined ? pulumi.output(byo.publicKey.replace(/\s+/g, "")) : pulumi.unsecret(pulumi.output(byo.privateKey).apply((key) => dkimPublicKeyFromPrivateKey(checkedPrivateKey(label, key))));
            records.push(declared("byodkim", "dkim", publicKey.apply((key) => byoDkimRecord(domain, byo.selector, key))));
        } else {
            // The tokens exist once the identity does: waiting on its id keeps the records unknown while it is
            // being created, even where a preview reports the signing attributes without their tokens.
            const easy = pulumi
                .all([identity.dkimSigningAttributes, region, identity.id])
                .apply(([attributes, r]) => easyDkimRecords(domain, easyDkimTokens(name, attributes?.tokens), r));
            for (let i = 0; i < EASY_DKIM_TOKEN_COUNT; i++) records.push(declared("easy-dkim", `dkim-${i + 1}`, easy.apply((all) => all[i])));
        }

        if (args.mailFrom !== undefined) {
            const mailFrom = args.mailFrom;
            const [mx, spf] = [0, 1].map((i) => region.apply((r) => mailFromRecords(mailFrom.domain, r)[i]));
            records.push(declared("mail-from-mx", "mail-from-mx", mx), declared("mail-from-spf", "mail-from-spf", spf));
            const [mailFromArgs, mailFromOpts] = applyTransform(
                transform.mailFrom,
                `${name}-mail-from`,
                {
                    emailIdentity: identity.emailIdentity,
                    region,
                    mailFromDomain: normalizeDnsName(mailFrom.domain),
                    behaviorOnMxFailure: mailFrom.behaviorOnMxFailure ?? "USE_DEFAULT_VALUE",
                } as aws.sesv2.EmailIdentityMailFromAttributesArgs,
                { parent: this, import: importId } as pulumi.CustomResourceOptions,
            );
            new aws.sesv2.EmailIdentityMailFromAttributes(`${name}-mail-from`, mailFromArgs, mailFromOpts);
        }

        if (args.dmarc !== undefined) records.push(declared("dmarc", "dmarc", pulumi.output(dmarcRecord(domain, args.dmarc))));

        if (args.feedbackForwarding !== undefined) {
            const [feedbackArgs, feedbackOpts] = applyTransform(
                transform.feedback,
                `${name}-feedback`,
                { emailIdentity: identity.emailIdentity, region, emailForwardingEnabled: args.feedbackForwarding } as aws.sesv2.EmailIdentityFeedbackAttributesArgs,
                { parent: this, import: importId } as pulumi.CustomResourceOptions,
            );
            new aws.sesv2.EmailIdentityFeedbackAttributes(`${name}-feedback`, feedbackArgs, feedbackOpts);
        }

        this.domain = domain;
        this.identity = identity;
        this.identityArn = identity.arn;
        this.region = region;
        this.dkimTokens = identity.dkimSigningAttributes.apply((attributes) => attributes?.tokens ?? []);
        this.dnsRecords = args.dns === false ? [] : args.dns.declareRecords(name, records, this);
        this.records = pulumi.all(records.map((r) => r.record)).apply((all) => all.map(({ purpose, name: n, type, value }) => ({ purpose, name: n, type, value })));
        this.configurationSetName = configurationSet.name ?? pulumi.output(undefined);
        this.mailFromDomain = args.mailFrom !== undefined ? normalizeDnsName(args.mailFrom.domain) : undefined;
        this.checkTarget = checkTarget(domain, region, this.configurationSetName, this.mailFromDomain);

        this.registerOutputs({
            identityArn: this.identityArn,
            region: this.region,
            dkimTokens: this.dkimTokens,
            records: this.records,
            configurationSetName: this.configurationSetName,
            mailFromDomain: this.mailFromDomain,
            checkTarget: this.checkTarget,
        });
    }
}

function declared(purpose: RecordPurpose, suffix: string, record: pulumi.Output<RequiredRecord>): DeclaredRecord {
    return { purpose, suffix, type: RECORD_TYPE_BY_PURPOSE[purpose], record };
}

function easyKeyLength(args: VerifiedDomainArgs): string {
    const dkim = args.dkim as { keyLength?: string } | undefined;
    return dkim?.keyLength ?? "RSA_2048_BIT";
}

function byoSigningAttributes(component: string, byo: ByoDkimOptions): aws.types.input.sesv2.EmailIdentityDkimSigningAttributes {
    return {
        domainSigningSelector: byo.selector,
        domainSigningPrivateKey: pulumi.secret(pulumi.output(byo.privateKey).apply((key) => sesPrivateKeyValue(checkedPrivateKey(component, key)))),
    };
}

/** A private key known only once its output resolves (a config secret), checked like a plain one. */
function checkedPrivateKey(component: string, key: string): string {
    throwFirstProblem(component, [privateKeyProblem(key)]);
    return key;
}

function easyDkimTokens(name: string, tokens: string[] | undefined): string[] {
    if (tokens?.length !== EASY_DKIM_TOKEN_COUNT) {
        throw new Error(`VerifiedDomain "${name}": SES returned ${tokens?.length ?? 0} Easy DKIM tokens, expected ${EASY_DKIM_TOKEN_COUNT}; check the identity in the SES console.`);
    }
    return tokens;
}

/** The {@link CheckTarget} of an identity, leaving out what is not set. */
export function checkTarget(
    identity: string,
    region: pulumi.Input<string>,
    configurationSetName: pulumi.Input<string | undefined>,
    mailFromDomain: string | undefined,
): pulumi.Output<CheckTarget> {
    return pulumi.all([region, configurationSetName]).apply(([r, set]) => {
        const target: CheckTarget = { sesGuard: CHECK_TARGET_MARKER, identity, region: r };
        if (set !== undefined) target.configurationSetName = set;
        if (mailFromDomain !== undefined) target.mailFromDomain = mailFromDomain;
        return target;
    });
}
