import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { cloudflareDns, ComponentArgumentError, route53Dns, VerifiedDomain, VerifiedDomainArgs } from "../../components";
import { runProgram } from "./captured";

const rsa2048 = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "der" },
});
const otherRsa = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const ec = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
});

/** Asserts that constructing a VerifiedDomain with `args` fails on `field` with a message matching each pattern. */
function rejects(args: Partial<VerifiedDomainArgs>, field: string, ...patterns: RegExp[]): void {
    assert.throws(
        () => new VerifiedDomain("mail", { domain: "example.com", dns: false, ...args } as VerifiedDomainArgs),
        (err: unknown) => {
            assert.ok(err instanceof ComponentArgumentError, String(err));
            assert.equal(err.field, field);
            assert.ok(err.message.startsWith(`VerifiedDomain "mail": ${field}`), err.message);
            for (const p of patterns) assert.match(err.message, p);
            return true;
        },
    );
}

describe("components: VerifiedDomain arguments", () => {
    it("rejects an invalid domain, naming the value and what to give", () => {
        rejects({ domain: "https://example.com" }, "args.domain", /"https:\/\/example.com"/, /URL/, /bare domain such as "example.com"/);
    });

    it("rejects an email address given as the domain, pointing to VerifiedEmailAddress", () => {
        rejects({ domain: "noreply@example.com" }, "args.domain", /'@'/, /VerifiedEmailAddress/);
    });

    it("judges an internationalized domain in its ASCII (punycode) form, the message showing both forms", () => {
        rejects({ domain: "bücher" }, "args.domain", /args\.domain "bücher" \(xn--bcher-kva\) is not a valid domain: it needs at least two labels/);
        rejects(
            { domain: "xn--zz.bücher.example" },
            "args.domain",
            /"xn--zz\.bücher\.example" is not a valid domain: it is not a valid internationalized domain name/,
        );
        rejects(
            { domain: "bücher.example", mailFrom: { domain: "bounce.bücher.other" } },
            "args.mailFrom.domain",
            /"bounce\.bücher\.other" \(bounce\.xn--bcher-kva\.other\) is not a subdomain of the identity "bücher\.example" \(xn--bcher-kva\.example\)/,
            /"bounce\.xn--bcher-kva\.example"/,
        );
        rejects({ dmarc: { reportAddress: "dmarc@bücher" } }, "args.dmarc.reportAddress", /"dmarc@bücher" \(dmarc@xn--bcher-kva\) is not an email address/);
        rejects(
            { domain: "bücher.example", dns: route53Dns({ zoneName: "bücher.other" }) },
            "args.dns.zoneName",
            /"bücher\.other" \(xn--bcher-kva\.other\) cannot hold the records of "xn--bcher-kva\.example"/,
        );
    });

    it("accepts a Unicode MAIL FROM domain and zone name below a Unicode domain", async () => {
        const run = await runProgram(
            () =>
                new VerifiedDomain("mail", {
                    domain: "bücher.example",
                    dns: cloudflareDns({ zoneId: "z1", zoneName: "Bücher.example" }),
                    mailFrom: { domain: "bounce.bücher.example" },
                }),
            { preview: true, config: { "aws:region": "eu-west-1" } },
        );
        assert.ok(run.resources.some((r) => r.inputs.mailFromDomain === "bounce.xn--bcher-kva.example"));
    });

    it("rejects a region that is not an AWS region name", () => {
        rejects({ region: "Ireland" }, "args.region", /"Ireland" is not an AWS region name/);
    });

    it("rejects a MAIL FROM domain that is not a subdomain of the identity", () => {
        rejects(
            { mailFrom: { domain: "bounce.other.com" } },
            "args.mailFrom.domain",
            /"bounce.other.com" is not a subdomain of the identity "example.com"/,
            /"bounce.example.com"/,
        );
        rejects({ mailFrom: { domain: "example.com" } }, "args.mailFrom.domain", /not a subdomain/);
    });

    it("rejects an unknown MAIL FROM behaviour on MX failure", () => {
        rejects(
            { mailFrom: { domain: "bounce.example.com", behaviorOnMxFailure: "IGNORE" as "REJECT_MESSAGE" } },
            "args.mailFrom.behaviorOnMxFailure",
            /"IGNORE"/,
        );
    });

    it("rejects a BYODKIM key that is not an RSA PEM key, without echoing the key", () => {
        rejects({ dkim: { selector: "s1", privateKey: "not a key" } }, "args.dkim.privateKey", /not an RSA PEM key/, /openssl genrsa 2048/);
        assert.throws(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: false, dkim: { selector: "s1", privateKey: ec.privateKey } }),
            (err: Error) => /ec key; SES BYODKIM needs RSA/.test(err.message) && !err.message.includes("BEGIN PRIVATE KEY"),
        );
    });

    it("checks a BYODKIM key given as a secret output once its value is known, with the same message", async () => {
        const run = runProgram(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: false, dkim: { selector: "s1", privateKey: pulumi.secret("not a key") } }),
            { preview: true, config: { "aws:region": "eu-west-1" } },
        );
        await assert.rejects(
            run,
            (err: Error) => /VerifiedDomain "mail": args.dkim.privateKey is not an RSA PEM key/.test(err.message) && !err.message.includes('not a key"'),
        );
    });

    it("rejects an RSA key of a length SES does not take", () => {
        const rsa3072 = generateKeyPairSync("rsa", {
            modulusLength: 3072,
            privateKeyEncoding: { type: "pkcs8", format: "pem" },
            publicKeyEncoding: { type: "spki", format: "pem" },
        });
        rejects({ dkim: { selector: "s1", privateKey: rsa3072.privateKey } }, "args.dkim.privateKey", /3072-bit/, /1024 or 2048/);
    });

    it("rejects a BYODKIM selector that is not a DNS label", () => {
        rejects({ dkim: { selector: "bad selector", privateKey: rsa2048.privateKey } }, "args.dkim.selector", /"bad selector" is not a DNS label/);
    });

    it("rejects conflicting DKIM options: an Easy DKIM key length with a BYODKIM key", () => {
        rejects(
            { dkim: { selector: "s1", privateKey: rsa2048.privateKey, keyLength: "RSA_2048_BIT" } as never },
            "args.dkim.keyLength",
            /Easy DKIM setting/,
            /BYODKIM/,
        );
    });

    it("rejects a public key that does not belong to the private key", () => {
        rejects(
            { dkim: { selector: "s1", privateKey: rsa2048.privateKey, publicKey: otherRsa.publicKey.toString("base64") } },
            "args.dkim.publicKey",
            /does not belong to privateKey/,
        );
    });

    it("accepts a public key that belongs to the private key", async () => {
        const publicKey = rsa2048.publicKey.toString("base64");
        const run = await runProgram(
            () => new VerifiedDomain("mail", { domain: "example.com", dns: false, dkim: { selector: "s1", privateKey: rsa2048.privateKey, publicKey } }),
            {
                preview: true,
                config: { "aws:region": "eu-west-1" },
            },
        );
        assert.equal(run.resources.filter((r) => r.type === "aws:sesv2/emailIdentity:EmailIdentity").length, 1);
    });

    it("rejects an unknown Easy DKIM key length", () => {
        rejects({ dkim: { keyLength: "RSA_4096_BIT" as "RSA_2048_BIT" } }, "args.dkim.keyLength", /RSA_1024_BIT or RSA_2048_BIT/);
    });

    it("rejects a DMARC report address that is not an address, and an unknown policy", () => {
        rejects({ dmarc: { reportAddress: "reports" } }, "args.dmarc.reportAddress", /"reports" is not an email address/);
        rejects({ dmarc: { policy: "block" as "reject" } }, "args.dmarc.policy", /"block"/);
    });

    it("rejects a missing DNS choice, saying which adapters exist and that false means publish-it-yourself", () => {
        rejects({ dns: undefined as never }, "args.dns", /route53Dns/, /false to publish the records yourself/);
    });

    it("rejects conflicting Route 53 options: both a zone id and a zone name", () => {
        rejects({ dns: route53Dns({ zoneId: "Z0ABC", zoneName: "example.com" }) }, "args.dns.zoneId", /and zoneName are both given/, /Route 53/);
    });

    it("rejects a private hosted zone, which SES never reads (it looks verification records up in public DNS)", () => {
        // Typed `false` only; a JavaScript program can pass true.
        rejects(
            { dns: route53Dns({ zoneName: "example.com", privateZone: true as unknown as false }) },
            "args.dns.privateZone",
            /asks for a private hosted zone, where SES never finds verification records/,
            /Leave privateZone out/,
        );
    });

    it("rejects a Route 53 zone that cannot hold the identity's records", () => {
        rejects(
            { domain: "mail.example.com", dns: route53Dns({ zoneName: "other.com" }) },
            "args.dns.zoneName",
            /"other.com" cannot hold the records of "mail.example.com"/,
        );
        rejects({ domain: "example.com", dns: route53Dns({ zoneName: "mail.example.com" }) }, "args.dns.zoneName", /cannot hold/);
    });

    it("rejects a zone name given as a Route 53 zone id", () => {
        rejects({ dns: route53Dns({ zoneId: "example.com" }) }, "args.dns.zoneId", /not a Route 53 hosted zone id/, /pass it as zoneName/);
    });

    it("rejects a Cloudflare TTL outside 1 or 60-86400 and a Cloudflare zone that cannot hold the records", () => {
        rejects({ dns: cloudflareDns({ zoneId: "abc", ttl: 30 }) }, "args.dns.ttl", /30/, /Cloudflare/);
        rejects({ dns: cloudflareDns({ zoneId: "abc", zoneName: "other.com" }) }, "args.dns.zoneName", /cannot hold/);
    });

    it("rejects a configuration set name SES would refuse, and unknown suppression reasons", () => {
        rejects({ configurationSet: "has spaces" }, "args.configurationSet", /"has spaces" is not a configuration set name/);
        rejects({ configurationSet: { suppressedReasons: ["SPAM" as "BOUNCE"] } }, "args.configurationSet.suppressedReasons", /"SPAM"/);
    });

    it("rejects a malformed aws:region in stack config before creating anything", async () => {
        const run = runProgram(() => new VerifiedDomain("mail", { domain: "example.com", dns: false }), { preview: true, config: { "aws:region": "mars-1" } });
        await assert.rejects(run, /aws:region \(stack config\) "mars-1" is not an AWS region name/);
    });

    it("creates nothing at all when an argument is bad", async () => {
        let error: unknown;
        const run = await runProgram(
            () => {
                try {
                    new VerifiedDomain("mail", { domain: "example.com", dns: false, mailFrom: { domain: "other.com" } });
                } catch (err) {
                    error = err;
                }
            },
            { preview: true, config: { "aws:region": "eu-west-1" } },
        );
        assert.ok(error instanceof ComponentArgumentError);
        assert.deepEqual(
            run.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
    });
});
