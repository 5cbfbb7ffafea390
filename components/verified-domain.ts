/**
 * `VerifiedDomain`: an SES v2 domain identity together with every DNS record that verifies it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    asciiDomainName,
    asciiIdentityName,
    ByoDkimSpec,
    dkimPublicKeyFromPrivateKey,
    EasyDkimSpec,
    EASY_DKIM_TOKEN_COUNT,
    OPEN,
    RequiredRecord,
    sesPrivateKeyValue,
} from "../records";
import { throwFirstProblem } from "./argument-error";
import { checkTarget, type CheckTargetOutput } from "./check-target";
import { declaredRecords, OpenInputs } from "./declared-records";
import { checkIdentityArguments, declareIdentity } from "./ses-identity";
import { applyTransform } from "./transform";
import { DkimSetup, dkimSetup } from "./dkim-setup";
import { VerificationWaiter, waitOptions } from "./verification-waiter";
import { privateKeyProblem, VerifiedDomainArgs, verifiedDomainProblems } from "./verified-domain-args";

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
    /** The identity's domain, normalized (lower case, no trailing dot) and in ASCII: `bücher.example` is `xn--bcher-kva.example`. */
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
    /** The custom MAIL FROM domain, when one is set (normalized, in ASCII like {@link domain}). */
    readonly mailFromDomain?: string;
    /** What `ses-guard verify` needs to find and judge this identity; export it as a stack output. */
    readonly checkTarget: CheckTargetOutput;
    /** With `waitForVerification`: the waiter, for `dependsOn`. */
    declare readonly verification?: VerificationWaiter;
    /** With `waitForVerification`: the identity's ARN, resolved once SES has verified it for sending with DKIM SUCCESS. */
    declare readonly verifiedIdentityArn?: pulumi.Output<string>;

    constructor(name: string, args: VerifiedDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `VerifiedDomain "${name}"`;
        checkIdentityArguments(label, verifiedDomainProblems(args));
        super("ses-guard:index:VerifiedDomain", name, {}, opts);

        // SES and DNS take an internationalized domain in its ASCII (punycode) form: every child and output uses it.
        const domain = asciiDomainName(args.domain);
        const mailFromDomain = args.mailFrom !== undefined ? asciiDomainName(args.mailFrom.domain) : undefined;
        const dmarc = args.dmarc?.reportAddress !== undefined ? { ...args.dmarc, reportAddress: asciiIdentityName(args.dmarc.reportAddress) } : args.dmarc;
        const transform = args.transform ?? {};
        const dkim = dkimSetup(args.dkim);
        const { identity, region, configurationSetName, importId } = declareIdentity(this, name, {
            emailIdentity: domain,
            region: args.region,
            configurationSet: args.configurationSet,
            tags: args.tags,
            import: args.import,
            dkimSigningAttributes: signingAttributes(label, dkim),
            transform,
        });

        const records = declaredRecords(
            { domain, region: OPEN, dkim: openDkimSpec(dkim), mailFromDomain, dmarc },
            { region, ...dkimInputs(label, dkim, identity) },
        );

        if (args.mailFrom !== undefined) {
            const mailFromArgs: aws.sesv2.EmailIdentityMailFromAttributesArgs = {
                emailIdentity: identity.emailIdentity,
                region,
                mailFromDomain,
                behaviorOnMxFailure: args.mailFrom.behaviorOnMxFailure ?? "USE_DEFAULT_VALUE",
            };
            const [mailArgs, mailOpts] = applyTransform(transform.mailFrom, `${name}-mail-from`, mailFromArgs, attributeOptions(this, importId));
            new aws.sesv2.EmailIdentityMailFromAttributes(`${name}-mail-from`, mailArgs, mailOpts);
        }

        if (args.feedbackForwarding !== undefined) {
            const feedbackArgs: aws.sesv2.EmailIdentityFeedbackAttributesArgs = {
                emailIdentity: identity.emailIdentity,
                region,
                emailForwardingEnabled: args.feedbackForwarding,
            };
            const [fbArgs, fbOpts] = applyTransform(transform.feedback, `${name}-feedback`, feedbackArgs, attributeOptions(this, importId));
            new aws.sesv2.EmailIdentityFeedbackAttributes(`${name}-feedback`, fbArgs, fbOpts);
        }

        this.domain = domain;
        this.identity = identity;
        this.identityArn = identity.arn;
        this.region = region;
        this.dkimTokens = identity.dkimSigningAttributes.apply((attributes) => attributes?.tokens ?? []);
        this.dnsRecords = args.dns === false ? [] : args.dns.declareRecords(name, records, this);
        this.records = pulumi
            .all(records.map((r) => r.record))
            .apply((all) => all.map(({ purpose, name: n, type, value }) => ({ purpose, name: n, type, value })));
        this.configurationSetName = configurationSetName;
        this.mailFromDomain = mailFromDomain;
        this.checkTarget = checkTarget(domain, region, this.configurationSetName, this.mailFromDomain);
        const wait = waitOptions(args.waitForVerification);
        if (wait !== undefined) {
            // After the records are published: SES finds them only once they exist.
            this.verification = new VerificationWaiter(
                `${name}-verified`,
                { identity: domain, region, identityArn: identity.arn, options: wait },
                { parent: this, dependsOn: [identity, ...this.dnsRecords] },
            );
            this.verifiedIdentityArn = this.verification.identityArn;
        }

        this.registerOutputs({
            identityArn: this.identityArn,
            region: this.region,
            dkimTokens: this.dkimTokens,
            records: this.records,
            configurationSetName: this.configurationSetName,
            mailFromDomain: this.mailFromDomain,
            checkTarget: this.checkTarget,
            ...(this.verifiedIdentityArn !== undefined ? { verifiedIdentityArn: this.verifiedIdentityArn } : {}),
        });
    }
}

/** The options of an identity attribute child: parented on the component, imported with the identity. */
function attributeOptions(component: pulumi.Resource, importId: string | undefined): pulumi.CustomResourceOptions {
    return { parent: component, import: importId };
}

/** The DKIM part of the records' spec, with what SES or the key decides (tokens, public key) left open. */
function openDkimSpec(dkim: DkimSetup): EasyDkimSpec | ByoDkimSpec {
    return dkim.kind === "byodkim" ? { kind: "byodkim", selectors: [dkim.selector], publicKey: OPEN } : { kind: "easy", tokens: OPEN };
}

/** The outputs that fill the DKIM records' open parts: the BYODKIM public key, or the Easy DKIM tokens SES issues. */
function dkimInputs(component: string, dkim: DkimSetup, identity: aws.sesv2.EmailIdentity): Pick<OpenInputs, "tokens" | "publicKey"> {
    if (dkim.kind === "byodkim") {
        if (dkim.publicKey !== undefined) return { publicKey: pulumi.output(dkim.publicKey.replace(/\s+/g, "")) };
        return { publicKey: pulumi.unsecret(pulumi.output(dkim.privateKey).apply((key) => dkimPublicKeyFromPrivateKey(checkedPrivateKey(component, key)))) };
    }
    // The tokens exist once the identity does: waiting on its id keeps the records unknown while it is being
    // created, even where a preview reports the signing attributes without their tokens.
    return { tokens: pulumi.all([identity.dkimSigningAttributes, identity.id]).apply(([attributes]) => easyDkimTokens(component, attributes?.tokens)) };
}

/** How SES signs: BYODKIM's selector and key (as SES takes it, secret), or the length of the key Easy DKIM makes. */
function signingAttributes(component: string, dkim: DkimSetup): aws.types.input.sesv2.EmailIdentityDkimSigningAttributes {
    if (dkim.kind === "easy") return { nextSigningKeyLength: dkim.keyLength };
    return {
        domainSigningSelector: dkim.selector,
        domainSigningPrivateKey: pulumi.secret(pulumi.output(dkim.privateKey).apply((key) => sesPrivateKeyValue(checkedPrivateKey(component, key)))),
    };
}

/** A private key known only once its output resolves (a config secret), checked like a plain one. */
function checkedPrivateKey(component: string, key: string): string {
    throwFirstProblem(component, [privateKeyProblem(key)]);
    return key;
}

/** The Easy DKIM tokens SES issued, which must be {@link EASY_DKIM_TOKEN_COUNT}. */
function easyDkimTokens(component: string, tokens: string[] | undefined): string[] {
    if (tokens?.length !== EASY_DKIM_TOKEN_COUNT) {
        throw new Error(
            `${component}: SES returned ${tokens?.length ?? 0} Easy DKIM tokens, expected ${EASY_DKIM_TOKEN_COUNT}; check the identity in the SES console.`,
        );
    }
    return tokens;
}
