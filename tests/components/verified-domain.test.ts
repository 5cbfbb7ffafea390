import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dkimPublicKeyFromPrivateKey, hasDoubledZone, qualifyDnsName, sesPrivateKeyValue } from "../../records";
import { route53Dns, VerifiedDomain } from "../../components";
import { dkimTokensFor, isSecretEnvelope, only, runProgram, UNKNOWN, unwrapSecret } from "./captured";

const COMPONENT = "ses-guard:index:VerifiedDomain";
const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";
const RECORD = "aws:route53/record:Record";
const CONFIG_SET = "aws:sesv2/configurationSet:ConfigurationSet";
const MAIL_FROM = "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes";
const FEEDBACK = "aws:sesv2/emailIdentityFeedbackAttributes:EmailIdentityFeedbackAttributes";
const GET_ZONE = "aws:route53/getZone:getZone";
const COMPONENT_URN = `urn:pulumi:stack::project::${COMPONENT}::mail`;
const EU_WEST_1 = { "aws:region": "eu-west-1" };

/** The paths of every secret envelope inside a wire-form value. */
function secretsIn(value: unknown, at: string): string[] {
    if (isSecretEnvelope(value)) return [at];
    if (typeof value !== "object" || value === null) return [];
    return Object.entries(value).flatMap(([k, v]) => secretsIn(v, `${at}.${k}`));
}

function records(run: Awaited<ReturnType<typeof runProgram>>) {
    return run.resources.filter((r) => r.type === RECORD);
}

describe("components: VerifiedDomain", () => {
    it("declares the identity, a safe configuration set and three Easy DKIM CNAMEs, all children of the component (update)", async () => {
        const run = await runProgram(() => new VerifiedDomain("mail", { domain: "Example.COM", dns: route53Dns({ zoneId: "Z0ABC" }) }), {
            preview: false,
            config: EU_WEST_1,
        });
        assert.deepEqual(
            run.resources.map((r) => [r.type, r.name]).sort(),
            [
                ["pulumi:pulumi:Stack", "project-stack"],
                ["pulumi:providers:aws", "default_7_48_0"],
                [RECORD, "mail-dkim-1"],
                [RECORD, "mail-dkim-2"],
                [RECORD, "mail-dkim-3"],
                [CONFIG_SET, "mail-config-set"],
                [IDENTITY, "mail"],
                [COMPONENT, "mail"],
            ].sort(),
        );
        for (const child of run.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws")) assert.equal(child.parent, COMPONENT_URN, child.name);
        assert.deepEqual(only(run, IDENTITY, "mail").inputs, {
            emailIdentity: "example.com",
            region: "eu-west-1",
            configurationSetName: "mail-stack",
            dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
        });
        assert.deepEqual(only(run, CONFIG_SET, "mail-config-set").inputs, {
            configurationSetName: "mail-stack",
            region: "eu-west-1",
            deliveryOptions: { tlsPolicy: "REQUIRE" },
            reputationOptions: { reputationMetricsEnabled: true },
            sendingOptions: { sendingEnabled: true },
            suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
        });
        const tokens = dkimTokensFor("example.com");
        assert.deepEqual(
            records(run)
                .map((r) => r.inputs)
                .sort((a, b) => String(a.name).localeCompare(String(b.name))),
            tokens.map((t) => ({ zoneId: "Z0ABC", name: `${t}._domainkey.example.com`, type: "CNAME", ttl: 1800, records: [`${t}.dkim.amazonses.com`] })),
        );
    });

    it("declares the three CNAMEs during preview too, with unknown names and values (not hidden in an apply)", async () => {
        const run = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: route53Dns({ zoneId: "Z0ABC" }) }), {
            preview: true,
            config: EU_WEST_1,
        });
        const cnames = records(run);
        assert.equal(cnames.length, 3);
        for (const r of cnames) {
            assert.deepEqual(r.inputs, { zoneId: "Z0ABC", name: UNKNOWN, type: "CNAME", ttl: 1800, records: [UNKNOWN] });
            assert.equal(r.parent, COMPONENT_URN);
        }
    });

    it("points the CNAMEs at the DKIM domain of the identity's region", async () => {
        const run = await runProgram(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: route53Dns({ zoneId: "Z0ABC" }), region: "ap-northeast-3" }),
            {
                preview: false,
                config: EU_WEST_1,
            },
        );
        assert.equal(only(run, IDENTITY, "mail").inputs.region, "ap-northeast-3");
        assert.deepEqual(
            records(run)
                .map((r) => (r.inputs.records as string[])[0])
                .sort(),
            dkimTokensFor("example.com").map((t) => `${t}.dkim.ap-northeast-3.amazonses.com`),
        );
    });

    it("takes the region from the aws provider passed in opts", async () => {
        const run = await runProgram(
            () => {
                const provider = new aws.Provider("il", { region: "il-central-1" });
                return new VerifiedDomain("mail", { domain: "example.com", dns: false }, { provider });
            },
            { preview: false, config: EU_WEST_1 },
        );
        const identity = only(run, IDENTITY, "mail");
        assert.equal(identity.inputs.region, "il-central-1");
        assert.match(identity.provider?.urn ?? "", /pulumi:providers:aws::il$/);
    });

    it("asks aws.getRegion for the region when neither args, provider nor config give one", async () => {
        const run = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false }), {
            preview: false,
            invokes: { "aws:index/getRegion:getRegion": () => ({ region: "af-south-1", name: "af-south-1", id: "af-south-1" }) },
        });
        assert.deepEqual(
            run.invokes.map((c) => c.token),
            ["aws:index/getRegion:getRegion"],
        );
        assert.equal(only(run, IDENTITY, "mail").inputs.region, "af-south-1");
    });

    it("writes fully qualified names that stay right in a parent zone and never double the zone", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "mail.example.com",
                    dns: route53Dns({ zoneName: "example.com" }),
                    mailFrom: { domain: "bounce.mail.example.com" },
                    dmarc: {},
                }),
            { preview: false, config: EU_WEST_1, invokes: { [GET_ZONE]: () => ({ zoneId: "Z0PARENT", name: "example.com", id: "Z0PARENT" }) } },
        );
        const expected = [
            ...dkimTokensFor("mail.example.com").map((t) => `${t}._domainkey.mail.example.com`),
            "bounce.mail.example.com",
            "bounce.mail.example.com",
            "_dmarc.mail.example.com",
        ].sort();
        const names = records(run).map((r) => String(r.inputs.name));
        assert.deepEqual(names.map((n) => qualifyDnsName(n, "example.com")).sort(), expected);
        assert.ok(names.every((n) => !hasDoubledZone(qualifyDnsName(n, "example.com"), "example.com")));
        assert.ok(records(run).every((r) => r.inputs.zoneId === "Z0PARENT"));
    });

    it("looks the zone up by name once, through the separate provider given for the zone's account", async () => {
        const run = await runProgram(
            () => {
                const dnsAccount = new aws.Provider("dns-account", { region: "us-east-1" });
                return new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneName: "example.com", provider: dnsAccount, ttl: 300 }),
                    dmarc: {},
                });
            },
            { preview: false, config: EU_WEST_1, invokes: { [GET_ZONE]: () => ({ zoneId: "Z0DNS", name: "example.com", id: "Z0DNS" }) } },
        );
        assert.equal(run.invokes.length, 1);
        assert.deepEqual(run.invokes[0].inputs, { name: "example.com", privateZone: false });
        for (const r of records(run)) {
            assert.match(r.provider?.urn ?? "", /pulumi:providers:aws::dns-account$/);
            assert.equal(r.inputs.ttl, 300);
            assert.equal(r.inputs.zoneId, "Z0DNS");
        }
        assert.match(only(run, IDENTITY, "mail").provider?.name ?? "", /^default/, "the identity keeps the default provider");
    });

    it("with BYODKIM, takes the private key as a secret and publishes the derived public key, split for Route 53", async () => {
        const { privateKey } = generateKeyPairSync("rsa", {
            modulusLength: 2048,
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        const run = await runProgram(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: route53Dns({ zoneId: "Z0ABC" }), dkim: { selector: "ses2024", privateKey } }),
            { preview: true, config: EU_WEST_1 },
        );
        const signing = only(run, IDENTITY, "mail").inputs.dkimSigningAttributes as Record<string, unknown>;
        assert.equal(signing.domainSigningSelector, "ses2024");
        assert.ok(isSecretEnvelope(signing.domainSigningPrivateKey), "the private key input is secret");
        assert.equal(unwrapSecret(signing.domainSigningPrivateKey), sesPrivateKeyValue(privateKey));
        assert.equal(signing.nextSigningKeyLength, undefined);
        const txt = only(run, RECORD, "mail-dkim");
        const value = `p=${dkimPublicKeyFromPrivateKey(privateKey)}`;
        assert.ok(value.length > 255);
        assert.deepEqual(txt.inputs, {
            zoneId: "Z0ABC",
            name: "ses2024._domainkey.example.com",
            type: "TXT",
            ttl: 1800,
            records: [`${value.slice(0, 255)}""${value.slice(255)}`],
        });
        assert.ok(!isSecretEnvelope(txt.inputs.records), "the public key is not secret");
        assert.equal(records(run).length, 1, "no Easy DKIM CNAMEs");
        const secretPaths = run.resources.flatMap((r) => secretsIn(r.inputs, r.name));
        assert.deepEqual(secretPaths, ["mail.dkimSigningAttributes.domainSigningPrivateKey"], "nothing else is secret");
    });

    it("accepts the BYODKIM key as a secret output and keeps it secret, while the TXT record stays plain", async () => {
        const { privateKey } = generateKeyPairSync("rsa", {
            modulusLength: 1024,
            privateKeyEncoding: { type: "pkcs1", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC" }),
                    dkim: { selector: "s1", privateKey: pulumi.secret(privateKey) },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        const signing = only(run, IDENTITY, "mail").inputs.dkimSigningAttributes as Record<string, unknown>;
        assert.equal(unwrapSecret(signing.domainSigningPrivateKey), sesPrivateKeyValue(privateKey));
        assert.ok(isSecretEnvelope(signing.domainSigningPrivateKey));
        const txt = only(run, RECORD, "mail-dkim").inputs;
        assert.deepEqual(txt.records, [`p=${dkimPublicKeyFromPrivateKey(privateKey)}`], "a 1024-bit key fits one string");
    });

    it("publishes a given BYODKIM public key without the line breaks it was checked without", async () => {
        const { privateKey } = generateKeyPairSync("rsa", {
            modulusLength: 1024,
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        const bare = dkimPublicKeyFromPrivateKey(privateKey);
        const wrapped = bare.replace(/(.{64})/g, "$1\n");
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC" }),
                    dkim: { selector: "s1", privateKey, publicKey: wrapped },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        assert.deepEqual(only(run, RECORD, "mail-dkim").inputs.records, [`p=${bare}`]);
    });

    it("sets a custom MAIL FROM domain with its MX and SPF records in the identity's region", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC" }),
                    region: "ap-southeast-2",
                    mailFrom: { domain: "Bounce.Example.com", behaviorOnMxFailure: "REJECT_MESSAGE" },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        assert.deepEqual(only(run, MAIL_FROM, "mail-mail-from").inputs, {
            emailIdentity: "example.com",
            region: "ap-southeast-2",
            mailFromDomain: "bounce.example.com",
            behaviorOnMxFailure: "REJECT_MESSAGE",
        });
        assert.deepEqual(only(run, RECORD, "mail-mail-from-mx").inputs, {
            zoneId: "Z0ABC",
            name: "bounce.example.com",
            type: "MX",
            ttl: 1800,
            records: ["10 feedback-smtp.ap-southeast-2.amazonses.com"],
        });
        assert.deepEqual(only(run, RECORD, "mail-mail-from-spf").inputs, {
            zoneId: "Z0ABC",
            name: "bounce.example.com",
            type: "TXT",
            ttl: 1800,
            records: ["v=spf1 include:amazonses.com ~all"],
        });
    });

    it("publishes a DMARC record with the policy and reporting address given", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC" }),
                    dmarc: { policy: "quarantine", reportAddress: "dmarc@example.com" },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        assert.deepEqual(only(run, RECORD, "mail-dmarc").inputs, {
            zoneId: "Z0ABC",
            name: "_dmarc.example.com",
            type: "TXT",
            ttl: 1800,
            records: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"],
        });
    });

    it("declares feedback forwarding only when it is set", async () => {
        const off = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false, feedbackForwarding: false }), {
            preview: true,
            config: EU_WEST_1,
        });
        assert.deepEqual(only(off, FEEDBACK, "mail-feedback").inputs, { emailIdentity: "example.com", region: "eu-west-1", emailForwardingEnabled: false });
        const unset = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false }), { preview: true, config: EU_WEST_1 });
        assert.equal(unset.resources.filter((r) => r.type === FEEDBACK).length, 0);
    });

    it("uses an existing configuration set by name, or none, without creating one", async () => {
        const existing = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false, configurationSet: "transactional" }), {
            preview: true,
            config: EU_WEST_1,
        });
        assert.equal(existing.resources.filter((r) => r.type === CONFIG_SET).length, 0);
        assert.equal(only(existing, IDENTITY, "mail").inputs.configurationSetName, "transactional");
        const none = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false, configurationSet: false }), {
            preview: true,
            config: EU_WEST_1,
        });
        assert.equal(none.resources.filter((r) => r.type === CONFIG_SET).length, 0);
        assert.equal(only(none, IDENTITY, "mail").inputs.configurationSetName, undefined);
    });

    it("creates a configuration set with the settings given, tagged like the identity", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: false,
                    tags: { team: "mail" },
                    configurationSet: { name: "marketing", tlsPolicy: "OPTIONAL", reputationMetrics: false, suppressedReasons: ["COMPLAINT"] },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        const set = only(run, CONFIG_SET, "mail-config-set").inputs;
        assert.equal(set.configurationSetName, "marketing");
        assert.deepEqual(set.deliveryOptions, { tlsPolicy: "OPTIONAL" });
        assert.deepEqual(set.reputationOptions, { reputationMetricsEnabled: false });
        assert.deepEqual(set.suppressionOptions, { suppressedReasons: ["COMPLAINT"] });
        assert.deepEqual(set.tags, { team: "mail" });
        assert.deepEqual(only(run, IDENTITY, "mail").inputs.tags, { team: "mail" });
    });

    it("lets transform hooks adjust child resources, by merged arguments or by a function", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: route53Dns({ zoneId: "Z0ABC", transform: (args) => void (args.allowOverwrite = true) }),
                    dmarc: {},
                    transform: {
                        identity: { tags: { patched: "yes" } },
                        configurationSet: (args, opts) => {
                            args.configurationSetName = "renamed";
                            opts.protect = true;
                        },
                    },
                }),
            { preview: true, config: EU_WEST_1 },
        );
        assert.deepEqual(only(run, IDENTITY, "mail").inputs.tags, { patched: "yes" });
        assert.equal(only(run, CONFIG_SET, "mail-config-set").inputs.configurationSetName, "renamed");
        assert.equal(only(run, IDENTITY, "mail").inputs.configurationSetName, "renamed");
        assert.equal(only(run, RECORD, "mail-dmarc").inputs.allowOverwrite, true);
    });

    it("adopts an existing identity and its MAIL FROM settings by importing them by name", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "example.com",
                    dns: false,
                    import: true,
                    mailFrom: { domain: "bounce.example.com" },
                    configurationSet: false,
                }),
            { preview: true, config: EU_WEST_1 },
        );
        assert.equal(run.importIds.get(only(run, IDENTITY, "mail").urn), "example.com");
        assert.equal(run.importIds.get(only(run, MAIL_FROM, "mail-mail-from").urn), "example.com");
        const fresh = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false }), { preview: true, config: EU_WEST_1 });
        assert.equal(fresh.importIds.get(only(fresh, IDENTITY, "mail").urn), undefined);
    });

    it("with dns: false creates no DNS record but outputs the exact records, DKIM tokens and the check target", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", { domain: "example.com", dns: false, mailFrom: { domain: "bounce.example.com" } });
                return { records: mail.records, tokens: mail.dkimTokens, target: mail.checkTarget, arn: mail.identityArn, set: mail.configurationSetName };
            },
            { preview: false, config: EU_WEST_1 },
        );
        assert.equal(records(run).length, 0);
        const tokens = dkimTokensFor("example.com");
        assert.deepEqual(run.stackOutputs, {
            records: [
                ...tokens.map((t) => ({ purpose: "easy-dkim", name: `${t}._domainkey.example.com`, type: "CNAME", value: `${t}.dkim.amazonses.com` })),
                { purpose: "mail-from-mx", name: "bounce.example.com", type: "MX", value: "10 feedback-smtp.eu-west-1.amazonses.com" },
                { purpose: "mail-from-spf", name: "bounce.example.com", type: "TXT", value: "v=spf1 include:amazonses.com ~all" },
            ],
            tokens,
            target: {
                sesGuard: "ses-guard/identity",
                identity: "example.com",
                region: "eu-west-1",
                configurationSetName: "mail-stack",
                mailFromDomain: "bounce.example.com",
            },
            arn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
            set: "mail-stack",
        });
    });

    it("keeps only the configuration set secret in the check target when it comes from a secret (verify can still name the identity)", async () => {
        const run = await runProgram(
            () => ({ target: new VerifiedDomain("mail", { domain: "example.com", dns: false, configurationSet: pulumi.secret("transactional") }).checkTarget }),
            { preview: false, config: EU_WEST_1 },
        );
        // The root stack's outputs as the engine stores them (what `pulumi stack output --json` prints from).
        const target = (only(run, "pulumi:pulumi:Stack", "project-stack").outputs.target ?? {}) as Record<string, unknown>;
        assert.deepEqual(
            { ...target, configurationSetName: undefined },
            { sesGuard: "ses-guard/identity", identity: "example.com", region: "eu-west-1", configurationSetName: undefined },
        );
        assert.ok(isSecretEnvelope(target.configurationSetName), `configurationSetName is a secret of its own: ${JSON.stringify(target)}`);
        assert.equal(unwrapSecret(target.configurationSetName), "transactional");
    });

    it("registers its outputs on the component, check target included", async () => {
        const run = await runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false }), { preview: false, config: EU_WEST_1 });
        const component = only(run, COMPONENT, "mail");
        assert.equal(component.custom, false);
        assert.equal(component.parent, "urn:pulumi:stack::project::pulumi:pulumi:Stack::project-stack");
        const outputs = run.componentOutputs.get(component.urn) ?? {};
        assert.deepEqual(Object.keys(outputs).sort(), ["checkTarget", "configurationSetName", "dkimTokens", "identityArn", "records", "region"]);
        assert.deepEqual(outputs.checkTarget, {
            sesGuard: "ses-guard/identity",
            identity: "example.com",
            region: "eu-west-1",
            configurationSetName: "mail-stack",
        });
    });
    // SES takes a domain in its ASCII form: the addresses it sends from must be 7-bit ASCII, a Unicode domain part
    // encoded in Punycode (RFC 3492; https://docs.aws.amazon.com/ses/latest/dg/send-email-formatted.html), and Route 53
    // names a zone of an internationalized domain in that form too.
    it("declares an internationalized domain in its ASCII (punycode) form: identity, zone lookup, every record, MAIL FROM, DMARC and outputs", async () => {
        const run = await runProgram(
            () => {
                const mail = new VerifiedDomain("mail", {
                    domain: "Bücher.example",
                    dns: route53Dns({ zoneName: "bücher.example" }),
                    mailFrom: { domain: "bounce.bücher.example" },
                    dmarc: { reportAddress: "dmarc@bücher.example" },
                });
                return { domain: mail.domain, mailFromDomain: mail.mailFromDomain, records: mail.records, target: mail.checkTarget };
            },
            { preview: false, config: EU_WEST_1, invokes: { [GET_ZONE]: () => ({ zoneId: "Z0IDN", name: "xn--bcher-kva.example", id: "Z0IDN" }) } },
        );
        const ascii = "xn--bcher-kva.example";
        assert.equal(only(run, IDENTITY, "mail").inputs.emailIdentity, ascii);
        assert.deepEqual(run.invokes[0].inputs, { name: ascii, privateZone: false });
        assert.deepEqual(only(run, MAIL_FROM, "mail-mail-from").inputs.mailFromDomain, `bounce.${ascii}`);
        assert.deepEqual(
            records(run)
                .map((r) => String(r.inputs.name))
                .sort(),
            [...dkimTokensFor(ascii).map((t) => `${t}._domainkey.${ascii}`), `_dmarc.${ascii}`, `bounce.${ascii}`, `bounce.${ascii}`].sort(),
        );
        assert.deepEqual(only(run, RECORD, "mail-dmarc").inputs.records, [`v=DMARC1; p=none; rua=mailto:dmarc@${ascii}`]);
        const outputs = run.stackOutputs as { domain: string; mailFromDomain: string; records: Array<{ name: string }>; target: Record<string, unknown> };
        assert.equal(outputs.domain, ascii);
        assert.equal(outputs.mailFromDomain, `bounce.${ascii}`);
        assert.ok(
            outputs.records.every((r) => r.name.endsWith(ascii)),
            JSON.stringify(outputs.records),
        );
        assert.deepEqual([outputs.target.identity, outputs.target.mailFromDomain], [ascii, `bounce.${ascii}`]);
        const nonAscii = run.resources.filter((r) => /[\u0080-\uffff]/.test(JSON.stringify(r.inputs)));
        assert.deepEqual(
            nonAscii.map((r) => r.name),
            [],
            "no resource is given the Unicode form",
        );
    });
});
