/**
 * `VerifiedEmailAddress`: an SES v2 email-address identity with its default configuration set. No DNS
 * record can verify an address: a person clicks the link SES mails, unless its domain is verified.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { asciiIdentityName, emailAddressProblem, identityDomain, isSameOrSubdomain, withAsciiForm } from "../records";
import { ArgumentProblem, asciiFormOf } from "./argument-error";
import { checkTarget, type CheckTargetOutput } from "./check-target";
import { ConfigurationSetChoice, configurationSetProblem } from "./configuration-set";
import { regionProblem } from "./region";
import { checkIdentityArguments, declareIdentity } from "./ses-identity";
import { Transform } from "./transform";
import { VerificationWaiter, WaitForVerification, waitForVerificationProblem, waitOptions } from "./verification-waiter";
import { VerifiedDomain } from "./verified-domain";

/** Hooks that adjust each child resource's arguments or options. */
export interface VerifiedEmailAddressTransforms {
    /** The `aws.sesv2.EmailIdentity`. */
    identity?: Transform<aws.sesv2.EmailIdentityArgs>;
    /** The created `aws.sesv2.ConfigurationSet`. */
    configurationSet?: Transform<aws.sesv2.ConfigurationSetArgs>;
}

/** The arguments of {@link VerifiedEmailAddress}. */
export interface VerifiedEmailAddressArgs {
    /**
     * The address, e.g. `noreply@example.com`. A domain part in Unicode (`info@bücher.example`) is declared in the
     * ASCII (punycode) form SES takes (`info@xn--bcher-kva.example`); the local part is kept as given.
     */
    address: string;
    /**
     * The domain identity of the address's domain (or a parent of it) declared in the same stack: the address
     * can send without anyone clicking a link. @default none: SES mails a verification link to the address
     */
    verifiedDomain?: VerifiedDomain;
    /**
     * The AWS region of the identity.
     * @default the region of the aws provider in `opts`, else `aws:region`, else the default provider's region
     */
    region?: string;
    /** The identity's default configuration set. @default a new set with safe defaults (see ConfigurationSetOptions) */
    configurationSet?: ConfigurationSetChoice;
    /** Tags for the identity and a created configuration set. @default none */
    tags?: Record<string, string>;
    /** Adopt an identity that already exists in SES instead of creating it (imported by address). @default false */
    import?: boolean;
    /** Adjust child resources' arguments or options. */
    transform?: VerifiedEmailAddressTransforms;
    /**
     * Wait in `pulumi up` until SES has verified the address for sending (a preview never waits):
     * `verifiedIdentityArn` resolves then. Without `verifiedDomain` that needs a person to click SES's link within
     * the wait. `true` for the defaults, or {@link VerificationWaitOptions}. @default false
     */
    waitForVerification?: WaitForVerification;
}

/** Every problem check for {@link VerifiedEmailAddressArgs}, in order; the component throws the first one found. */
export function* verifiedEmailAddressProblems(args: VerifiedEmailAddressArgs): Generator<ArgumentProblem | undefined> {
    // An address whose domain is in Unicode is judged, and used, in the ASCII form SES takes; messages show both.
    const bad = typeof args?.address === "string" ? emailAddressProblem(asciiIdentityName(args.address.trim())) : "it is missing";
    if (bad !== undefined) {
        yield {
            field: "args.address",
            value: args?.address,
            ascii: asciiFormOf(args?.address),
            problem: `is not an email address: ${bad}`,
            fix: 'Give an address such as "noreply@example.com" (a domain needs VerifiedDomain).',
        };
        return;
    }
    if (args.verifiedDomain !== undefined) {
        const domain = args.verifiedDomain.domain;
        if (typeof domain !== "string") {
            yield { field: "args.verifiedDomain", problem: "is not a VerifiedDomain", fix: "Pass the VerifiedDomain component of the address's domain." };
        } else if (!isSameOrSubdomain(identityDomain(asciiIdentityName(args.address)), domain)) {
            yield {
                field: "args.verifiedDomain",
                value: domain,
                problem: `does not cover the address ${withAsciiForm(args.address.trim(), '"')}`,
                fix: `Pass the VerifiedDomain of "${identityDomain(asciiIdentityName(args.address))}" (or a parent of it), or leave verifiedDomain out.`,
            };
        }
    }
    yield regionProblem("args.region", args.region);
    yield configurationSetProblem("args.configurationSet", args.configurationSet);
    yield waitForVerificationProblem("args.waitForVerification", args.waitForVerification);
}

/**
 * An SES v2 email-address identity with a default configuration set. It logs that a person must click
 * the link SES mails to the address, unless `verifiedDomain` verifies its domain in the same stack.
 *
 * ```ts
 * const noreply = new VerifiedEmailAddress("noreply", { address: "noreply@example.com", verifiedDomain: mail });
 * ```
 */
export class VerifiedEmailAddress extends pulumi.ComponentResource {
    /** The address as SES takes it: as given, its domain part in ASCII (`info@xn--bcher-kva.example`). */
    readonly address: string;
    /** The `aws.sesv2.EmailIdentity`. */
    readonly identity: aws.sesv2.EmailIdentity;
    /** The identity's ARN. */
    readonly identityArn: pulumi.Output<string>;
    /** The AWS region of the identity. */
    readonly region: pulumi.Output<string>;
    /** True when a person must click the link SES mails to the address before it can send. */
    readonly needsLinkClick: boolean;
    /** The default configuration set's name; undefined with `configurationSet: false`. */
    readonly configurationSetName: pulumi.Output<string | undefined>;
    /** What `ses-guard verify` needs to find and judge this identity; export it as a stack output. */
    readonly checkTarget: CheckTargetOutput;
    /** With `waitForVerification`: the waiter, for `dependsOn`. */
    declare readonly verification?: VerificationWaiter;
    /** With `waitForVerification`: the identity's ARN, resolved once SES has verified it for sending. */
    declare readonly verifiedIdentityArn?: pulumi.Output<string>;

    constructor(name: string, args: VerifiedEmailAddressArgs, opts?: pulumi.ComponentResourceOptions) {
        checkIdentityArguments(`VerifiedEmailAddress "${name}"`, verifiedEmailAddressProblems(args));
        super("ses-guard:index:VerifiedEmailAddress", name, {}, opts);

        const address = asciiIdentityName(args.address.trim());
        // How the address is named in logs: as given, with the form SES takes when that differs.
        const shown = address === args.address.trim() ? address : `${args.address.trim()} (${address})`;
        const { identity, region, configurationSetName } = declareIdentity(this, name, {
            emailIdentity: address,
            region: args.region,
            configurationSet: args.configurationSet,
            tags: args.tags,
            import: args.import,
            transform: args.transform ?? {},
        });

        this.address = address;
        this.identity = identity;
        this.identityArn = identity.arn;
        this.region = region;
        this.needsLinkClick = args.verifiedDomain === undefined;
        this.configurationSetName = configurationSetName;
        this.checkTarget = checkTarget(address, region, this.configurationSetName, undefined);
        const wait = waitOptions(args.waitForVerification);
        if (wait !== undefined) {
            // After the domain's records when the domain verifies the address.
            const after = args.verifiedDomain !== undefined ? [identity, args.verifiedDomain] : [identity];
            this.verification = new VerificationWaiter(
                `${name}-verified`,
                { identity: address, region, identityArn: identity.arn, options: wait },
                { parent: this, dependsOn: after },
            );
            this.verifiedIdentityArn = this.verification.identityArn;
        }

        if (args.verifiedDomain === undefined) {
            void pulumi.log.warn(
                `${shown}: SES mails a verification link to this address; a person must click it within 24 hours before it can send. ` +
                    "Declare its domain with VerifiedDomain and pass it as verifiedDomain to verify it through DNS instead.",
                this,
            );
        } else {
            const domain = args.verifiedDomain;
            void pulumi.log.info(`${shown}: no link to click, its domain is verified in this stack by VerifiedDomain "${domain.domain}".`, this);
            pulumi.all([region, domain.region]).apply(([mine, theirs]) => {
                if (mine !== theirs) {
                    void pulumi.log.warn(
                        `${shown} is in ${mine} but VerifiedDomain "${domain.domain}" is in ${theirs}; SES verifies per region, so the address is not covered.`,
                        this,
                    );
                }
            });
        }

        this.registerOutputs({
            identityArn: this.identityArn,
            region: this.region,
            configurationSetName: this.configurationSetName,
            needsLinkClick: this.needsLinkClick,
            checkTarget: this.checkTarget,
            ...(this.verifiedIdentityArn !== undefined ? { verifiedIdentityArn: this.verifiedIdentityArn } : {}),
        });
    }
}
