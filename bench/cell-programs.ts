/**
 * The Pulumi programs the synthetic stacks are cloned from. Each declares one "cell" whose every name,
 * domain and tag contains {@link CELL_TAG}, so a captured cell can be copied under other tags. The SES cell
 * holds what ses-guard users really declare (components and raw @pulumi/aws programs); the unrelated cell
 * holds ordinary infrastructure that the policies must skip.
 */
import * as aws from "@pulumi/aws";
import { VerifiedDomain, VerifiedEmailAddress, route53Dns } from "../components";

/** The token every name in a cell carries; replaced by each copy's own tag. */
export const CELL_TAG = "qcellq";

/** The names in the SES cell tagged `tag` whose outputs the mock derives from the name alone. */
export interface SesCellNames {
    /** The hosted zone (its id is derived from this name). */
    zone: string;
    /** Domains with Easy DKIM tokens (v2 identities and the v1 DomainDkim). */
    easyDkimDomains: string[];
    /** v1 domain identities (their verification token is derived from this name). */
    v1Domains: string[];
}

/** The SES cell's names for `tag`. */
export function sesCellNames(tag: string): SesCellNames {
    return {
        zone: `${tag}.example.com`,
        easyDkimDomains: [`${tag}.example.com`, `raw.${tag}.example.com`, `v1.${tag}.example.com`],
        v1Domains: [`v1.${tag}.example.com`],
    };
}

/**
 * SES identities with every record that verifies them, in the shapes users write:
 * - a `VerifiedDomain` (Route 53 by zone id, custom MAIL FROM, DMARC) and a `VerifiedEmailAddress` under it;
 * - a raw `aws.sesv2.EmailIdentity` with its 3 DKIM CNAMEs named and valued from `dkimSigningAttributes`
 *   (propertyDependencies on the identity, values unknown in preview), a configuration set, and a custom
 *   MAIL FROM with its MX and SPF records;
 * - a raw SES v1 `DomainIdentity` with its `_amazonses` TXT, `DomainDkim` and 3 CNAMEs.
 */
export function sesCell(): void {
    const tag = CELL_TAG;
    const names = sesCellNames(tag);
    const zone = new aws.route53.Zone(`zone-${tag}`, { name: names.zone });

    const domain = new VerifiedDomain(`mail-${tag}`, {
        domain: names.easyDkimDomains[0],
        dns: route53Dns({ zoneId: zone.zoneId }),
        mailFrom: { domain: `bounce.${tag}.example.com` },
        dmarc: { policy: "none", reportAddress: `dmarc@${tag}.example.com` },
        tags: { cell: tag },
    });
    new VerifiedEmailAddress(`noreply-${tag}`, {
        address: `noreply@${tag}.example.com`,
        verifiedDomain: domain,
        configurationSet: domain.configurationSetName,
    });

    const rawName = names.easyDkimDomains[1];
    const set = new aws.sesv2.ConfigurationSet(`raw-set-${tag}`, {
        configurationSetName: `raw-set-${tag}`,
        deliveryOptions: { tlsPolicy: "REQUIRE" },
        reputationOptions: { reputationMetricsEnabled: true },
    });
    const identity = new aws.sesv2.EmailIdentity(`raw-${tag}`, { emailIdentity: rawName, configurationSetName: set.configurationSetName });
    for (const i of [0, 1, 2]) {
        new aws.route53.Record(`raw-${tag}-dkim-${i}`, {
            zoneId: zone.zoneId,
            name: identity.dkimSigningAttributes.apply((a) => `${a.tokens?.[i]}._domainkey.${rawName}`),
            type: "CNAME",
            ttl: 1800,
            records: [identity.dkimSigningAttributes.apply((a) => `${a.tokens?.[i]}.dkim.amazonses.com`)],
        });
    }
    const mailFrom = new aws.sesv2.EmailIdentityMailFromAttributes(`raw-${tag}-mail-from`, {
        emailIdentity: identity.emailIdentity,
        mailFromDomain: `bounce.${rawName}`,
    });
    // Named from the MAIL FROM resource (a propertyDependency on it), as raw programs often write it.
    const mailFromName = mailFrom.mailFromDomain.apply((d) => d ?? `bounce.${rawName}`);
    new aws.route53.Record(`raw-${tag}-mail-from-mx`, {
        zoneId: zone.zoneId,
        name: mailFromName,
        type: "MX",
        ttl: 1800,
        records: ["10 feedback-smtp.us-east-1.amazonses.com"],
    });
    new aws.route53.Record(`raw-${tag}-mail-from-spf`, {
        zoneId: zone.zoneId,
        name: mailFromName,
        type: "TXT",
        ttl: 1800,
        records: ["v=spf1 include:amazonses.com ~all"],
    });

    const v1Name = names.v1Domains[0];
    const v1 = new aws.ses.DomainIdentity(`v1-${tag}`, { domain: v1Name });
    new aws.route53.Record(`v1-${tag}-verification`, {
        zoneId: zone.zoneId,
        name: `_amazonses.${v1Name}`,
        type: "TXT",
        ttl: 600,
        records: [v1.verificationToken],
    });
    const dkim = new aws.ses.DomainDkim(`v1-${tag}-dkim`, { domain: v1.domain });
    for (const i of [0, 1, 2]) {
        new aws.route53.Record(`v1-${tag}-dkim-${i}`, {
            zoneId: zone.zoneId,
            name: dkim.dkimTokens.apply((t) => `${t[i]}._domainkey.${v1Name}`),
            type: "CNAME",
            ttl: 600,
            records: [dkim.dkimTokens.apply((t) => `${t[i]}.dkim.amazonses.com`)],
        });
    }
}

/** How many identities the dense SES cell declares. */
export const DENSE_CELL_IDENTITIES = 4;

/** The names in the dense SES cell tagged `tag`: its zone and its identities' domains (each has Easy DKIM tokens). */
export function denseCellNames(tag: string): SesCellNames {
    const domains = Array.from({ length: DENSE_CELL_IDENTITIES }, (_, i) => `d${i}.${tag}.example.com`);
    return { zone: `${tag}.example.com`, easyDkimDomains: domains, v1Domains: [] };
}

/**
 * Issue 14's shape, an identity and its three records per four resources: a hosted zone with one DMARC record
 * (receivers find it from the subdomains), one configuration set, and {@link DENSE_CELL_IDENTITIES} raw
 * `aws.sesv2.EmailIdentity`s of subdomains using it, each with its 3 DKIM CNAMEs named and valued from
 * `dkimSigningAttributes`, as a platform team's program that declares many sending domains writes them.
 */
export function denseSesCell(): void {
    const tag = CELL_TAG;
    const names = denseCellNames(tag);
    const zone = new aws.route53.Zone(`zone-${tag}`, { name: names.zone });
    const set = new aws.sesv2.ConfigurationSet(`set-${tag}`, {
        configurationSetName: `set-${tag}`,
        deliveryOptions: { tlsPolicy: "REQUIRE" },
    });
    new aws.route53.Record(`dmarc-${tag}`, {
        zoneId: zone.zoneId,
        name: `_dmarc.${names.zone}`,
        type: "TXT",
        ttl: 1800,
        records: [`v=DMARC1; p=quarantine; rua=mailto:dmarc@${names.zone}`],
    });
    names.easyDkimDomains.forEach((domain, n) => {
        const identity = new aws.sesv2.EmailIdentity(`id-${tag}-${n}`, { emailIdentity: domain, configurationSetName: set.configurationSetName });
        for (const i of [0, 1, 2]) {
            new aws.route53.Record(`id-${tag}-${n}-dkim-${i}`, {
                zoneId: zone.zoneId,
                name: identity.dkimSigningAttributes.apply((a) => `${a.tokens?.[i]}._domainkey.${domain}`),
                type: "CNAME",
                ttl: 1800,
                records: [identity.dkimSigningAttributes.apply((a) => `${a.tokens?.[i]}.dkim.amazonses.com`)],
            });
        }
    });
}

/** Ordinary infrastructure a stack holds besides SES: buckets, roles, a function, a queue, a table, logs. */
export function unrelatedCell(): void {
    const tag = CELL_TAG;
    const bucket = new aws.s3.Bucket(`assets-${tag}`, { tags: { cell: tag } });
    new aws.s3.BucketVersioning(`assets-${tag}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new aws.s3.BucketPublicAccessBlock(`assets-${tag}-block`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    const role = new aws.iam.Role(`worker-${tag}`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    new aws.iam.RolePolicyAttachment(`worker-${tag}-logs`, {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    const queue = new aws.sqs.Queue(`jobs-${tag}`, { visibilityTimeoutSeconds: 60 });
    new aws.lambda.Function(`worker-${tag}`, {
        role: role.arn,
        runtime: "nodejs20.x",
        handler: "index.handler",
        s3Bucket: bucket.id,
        s3Key: "worker.zip",
        environment: { variables: { QUEUE_URL: queue.url } },
    });
    new aws.cloudwatch.LogGroup(`worker-${tag}-logs`, { name: `/aws/lambda/worker-${tag}`, retentionInDays: 14 });
    new aws.dynamodb.Table(`items-${tag}`, {
        attributes: [{ name: "id", type: "S" }],
        hashKey: "id",
        billingMode: "PAY_PER_REQUEST",
    });
    new aws.sns.Topic(`alerts-${tag}`, {});
}
