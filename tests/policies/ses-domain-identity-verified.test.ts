import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dkimPublicKeyFromPrivateKey } from "../../records";
import { cloudflareDkimRecords, route53DkimRecords, v1Token, v2DomainWithCloudflare, v2DomainWithRoute53, v2Token } from "../programs/ses-programs";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-domain-identity-verified";

/** A `tls.PrivateKey` as @pulumi/tls registers it (type token and outputs), without the package: its key is computed. */
class TlsPrivateKey extends pulumi.CustomResource {
    declare readonly privateKeyPem: pulumi.Output<string>;
    declare readonly publicKeyPem: pulumi.Output<string>;
    constructor(name: string) {
        super("tls:index/privateKey:PrivateKey", name, { algorithm: "RSA", rsaBits: 2048, privateKeyPem: undefined, publicKeyPem: undefined });
    }
}

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 identity with its three Route 53 CNAMEs made from its tokens", async () => {
                const run = await runProgram(pack(), () => v2DomainWithRoute53("example.com"), { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes records written relative to their Route 53 zone", async () => {
                const run = await runProgram(pack(), () => v2DomainWithRoute53("mail.example.com", { zone: "example.com", nameStyle: "relative" }), {
                    preview,
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a v2 identity with Cloudflare DnsRecord CNAMEs (new resource type)", async () => {
                const run = await runProgram(pack(), () => v2DomainWithCloudflare("example.com"), { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a v2 identity with Cloudflare Record CNAMEs (old resource type)", async () => {
                const run = await runProgram(pack(), () => v2DomainWithCloudflare("example.com", { legacy: true }), { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails a v2 identity with no records, naming it, the three CNAMEs, the .apply() pitfall and the config option", async () => {
                const run = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }), { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.urn, /EmailIdentity::identity$/);
                assert.match(d.message, /example\.com \(resource 'identity'\)/);
                assert.match(d.message, /declares none of the DNS records/);
                assert.equal((d.message.match(/^ {2}- CNAME .*_domainkey\.example\.com -> .*dkim\.amazonses\.com$/gm) ?? []).length, 3, d.message);
                if (preview) assert.match(d.message, /\.apply\(\)[^]*identity\.dkimSigningAttributes\.tokens\[i\]\}\.dkim\.amazonses\.com/);
                else assert.doesNotMatch(d.message, /\.apply\(\)/, "in an update the callbacks have run: not the cause");
                assert.match(d.message, /"externallyVerifiedDomains": \["example\.com", "\*\.example\.com"\]/);
            });

            it("shows the fix in the identity's own API and DKIM domain: v1 DomainDkim tokens, a regional DKIM domain", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com", region: "eu-south-1" });
                    new aws.ses.DomainDkim("dkim", { domain: identity.domain, region: "eu-south-1" });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, show(run.diagnostics));
                if (!preview) return assert.doesNotMatch(d.message, /\.apply\(\)/);
                assert.match(d.message, /\$\{dkim\.dkimTokens\[i\]\}\.dkim\.eu-south-1\.amazonses\.com/);
                assert.doesNotMatch(d.message, /dkimSigningAttributes/);
            });

            it("states the long guidance once per policy; each other violation keeps to its own records and points back", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "a.example.com" });
                    new aws.sesv2.EmailIdentity("b", { emailIdentity: "b.example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                const messages = run.of(POLICY).map((d) => d.message);
                assert.equal(messages.length, 2, show(run.of(POLICY)));
                assert.equal(messages.filter((m) => m.includes("externallyVerifiedDomains")).length, 1, messages.join("\n\n"));
                const pointer = messages.find((m) => !m.includes("externallyVerifiedDomains")) ?? "";
                assert.match(pointer, /How to fix and how to exempt a name: as in this policy's violation on resource 'a'\./);
                assert.match(pointer, /CNAME <token 1>\._domainkey\.b\.example\.com|_domainkey\.b\.example\.com/);
            });

            it("fails an identity covered in part, naming exactly the missing records", async () => {
                const run = await runProgram(pack(), () => v2DomainWithRoute53("example.com", { count: 1 }), { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /1 of 3 record\(s\) found/);
                assert.equal((d.message.match(/^ {2}- CNAME/gm) ?? []).length, 2, d.message);
                assert.doesNotMatch(d.message, /\.apply\(\)/);
                if (!preview) {
                    assert.doesNotMatch(d.message, /ic8dvw|<token/, "names the real missing tokens");
                }
            });

            it("passes a v1 DomainIdentity with its _amazonses TXT record", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    new aws.route53.Record("verify", {
                        zoneId: "Z123",
                        name: "_amazonses.example.com",
                        type: "TXT",
                        ttl: 600,
                        records: [identity.verificationToken],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a v1 DomainIdentity verified through the CNAMEs of its DomainDkim", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    const dkim = new aws.ses.DomainDkim("dkim", { domain: identity.domain });
                    route53DkimRecords(
                        "cname",
                        [0, 1, 2].map((i) => v1Token(dkim, i)),
                        "example.com",
                        "Z123",
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails a v1 DomainIdentity with neither route, offering both", async () => {
                const program = () => {
                    const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
                    new aws.ses.DomainDkim("dkim", { domain: identity.domain });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /Any one of these verifies it/);
                assert.match(d.message, /TXT _amazonses\.example\.com/);
                assert.match(d.message, /DomainDkim 'dkim'/);
            });

            it("passes BYODKIM with the TXT key record, and fails it without", async () => {
                const { privateKey } = generateKeyPairSync("rsa", {
                    modulusLength: 1024,
                    privateKeyEncoding: { type: "pkcs8", format: "pem" },
                    publicKeyEncoding: { type: "spki", format: "pem" },
                });
                const identityArgs = {
                    emailIdentity: "example.com",
                    dkimSigningAttributes: { domainSigningSelector: "sel1", domainSigningPrivateKey: pulumi.secret(privateKey) },
                };
                const withRecord = () => {
                    new aws.sesv2.EmailIdentity("identity", identityArgs);
                    new aws.route53.Record("key", {
                        zoneId: "Z1",
                        name: "sel1._domainkey.example.com",
                        type: "TXT",
                        ttl: 600,
                        records: [`v=DKIM1; k=rsa; p=${dkimPublicKeyFromPrivateKey(privateKey)}`],
                    });
                };
                const pass = await runProgram(pack(), withRecord, { preview });
                assert.deepEqual(pass.of(POLICY), [], show(pass.of(POLICY)));
                const fail = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("identity", identityArgs), { preview });
                assert.match(fail.of(POLICY)[0]?.message ?? "", /TXT sel1\._domainkey\.example\.com = "p=/);
            });

            it("passes BYODKIM whose TXT record comes from the same tls.PrivateKey as the identity's key (a shared origin links them)", async () => {
                const program = () => {
                    const key = new TlsPrivateKey("dkim-key");
                    new aws.sesv2.EmailIdentity("identity", {
                        emailIdentity: "example.com",
                        dkimSigningAttributes: { domainSigningSelector: "sel1", domainSigningPrivateKey: key.privateKeyPem },
                    });
                    const publicKey = key.publicKeyPem.apply((pem) => (pem ?? "").replace(/-----[^-]+-----|\s/g, ""));
                    new aws.route53.Record("key", {
                        zoneId: "Z1",
                        name: "sel1._domainkey.example.com",
                        type: "TXT",
                        ttl: 600,
                        records: [pulumi.interpolate`p=${publicKey}`],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails BYODKIM whose TXT record carries another key", async () => {
                const keys = [0, 1].map(
                    () =>
                        generateKeyPairSync("rsa", {
                            modulusLength: 1024,
                            privateKeyEncoding: { type: "pkcs8", format: "pem" },
                            publicKeyEncoding: { type: "spki", format: "pem" },
                        }).privateKey,
                );
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", {
                        emailIdentity: "example.com",
                        dkimSigningAttributes: { domainSigningSelector: "sel1", domainSigningPrivateKey: keys[0] },
                    });
                    new aws.route53.Record("key", {
                        zoneId: "Z1",
                        name: "sel1._domainkey",
                        type: "TXT",
                        ttl: 600,
                        records: [`p=${dkimPublicKeyFromPrivateKey(keys[1])}`],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, "expected a violation");
                assert.match(d.message, /record 'key' has this name but is TXT/);
            });

            it("does not count records, even ones depending on the identity, in a zone that can never hold its names", async () => {
                for (const zoneName of ["example.org", "sub.example.com"]) {
                    const program = () => {
                        const zone = new aws.route53.Zone("zone", { name: zoneName });
                        const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                        route53DkimRecords(
                            "dkim",
                            [0, 1, 2].map((i) => v2Token(identity, i)),
                            "example.com",
                            zone.zoneId,
                            { nameStyle: "relative", zone: zoneName },
                        );
                    };
                    const run = await runProgram(pack(), program, { preview });
                    assert.equal(run.of(POLICY).length, 1, `${zoneName}: ${show(run.of(POLICY))}`);
                    assert.match(run.of(POLICY)[0].message, /0 of 3 record\(s\) found|declares none/);
                }
            });

            // terraform-provider-aws expandRecordName: a trailing dot is dropped and the zone appended unless the
            // name already ends with it, so "<token>._domainkey." is relative in Route 53.
            it("reads Route 53 names with a trailing dot as the provider writes them, relative and fully qualified", async () => {
                for (const suffix of ["._domainkey.", "._domainkey.example.com."]) {
                    const program = () => {
                        const zone = new aws.route53.Zone("zone", { name: "example.com" });
                        const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                        [0, 1, 2].forEach((i) => {
                            const token = v2Token(identity, i);
                            new aws.route53.Record(`dkim-${i}`, {
                                zoneId: zone.zoneId,
                                type: "CNAME",
                                ttl: 1800,
                                name: pulumi.interpolate`${token}${suffix}`,
                                records: [pulumi.interpolate`${token}.dkim.amazonses.com`],
                            });
                        });
                    };
                    const run = await runProgram(pack(), program, { preview });
                    assert.deepEqual([...run.of(POLICY), ...run.of("ses-dkim-record-values")], [], `${suffix}: ${show(run.diagnostics)}`);
                }
            });

            // SES verifies by querying public DNS; a private hosted zone answers only inside its VPCs
            // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zones-private.html).
            it("does not count records in a private hosted zone, and says why", async () => {
                const program = () => {
                    const zone = new aws.route53.Zone("private", { name: "example.com", vpcs: [{ vpcId: "vpc-123" }] });
                    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    route53DkimRecords(
                        "dkim",
                        [0, 1, 2].map((i) => v2Token(identity, i)),
                        "example.com",
                        zone.zoneId,
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                const [d] = run.of(POLICY);
                assert.ok(d, show(run.diagnostics));
                assert.match(
                    d.message,
                    /Not counted: Route 53 record 'dkim-0' \(zone example\.com\), .* are in a private hosted zone .*SES looks records up in public DNS/,
                );
            });

            it("counts a record built from several identities (one pulumi.all) for one identity only, never as another's wrong record", async () => {
                const program = () => {
                    const a = new aws.sesv2.EmailIdentity("a", { emailIdentity: "a.example.com" });
                    const b = new aws.sesv2.EmailIdentity("b", { emailIdentity: "b.example.com" });
                    [0, 1, 2].forEach((i) => {
                        const tokenA = pulumi.all([v2Token(a, i), v2Token(b, i)]).apply(([ta]) => ta);
                        new aws.route53.Record(`dkim-${i}`, {
                            zoneId: "Z1",
                            type: "CNAME",
                            ttl: 1800,
                            name: pulumi.interpolate`${tokenA}._domainkey.a.example.com`,
                            records: [pulumi.interpolate`${tokenA}.dkim.amazonses.com`],
                        });
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.equal(run.of(POLICY).length, 1, `3 records cannot verify two identities that need 6: ${show(run.of(POLICY))}`);
                if (!preview) assert.match(run.of(POLICY)[0].urn, /::b$/, "in update the names say whose records they are");
                assert.deepEqual(run.of("ses-dkim-record-values"), [], show(run.of("ses-dkim-record-values")));
            });

            it("gives a v1 DomainDkim named by domain only to the identity of its own region", async () => {
                const program = () => {
                    const us = new aws.Provider("us", { region: "us-east-1" });
                    new aws.ses.DomainIdentity("identity-us", { domain: "example.com" }, { provider: us });
                    new aws.ses.DomainIdentity("identity-eu", { domain: "example.com" });
                    const dkim = new aws.ses.DomainDkim("dkim-us", { domain: "example.com" }, { provider: us });
                    route53DkimRecords(
                        "cname",
                        [0, 1, 2].map((i) => v1Token(dkim, i)),
                        "example.com",
                        "Z123",
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.urn.split("::").pop()),
                    ["identity-eu"],
                    show(run.of(POLICY)),
                );
            });

            it("skips a domain listed as verified elsewhere, by exact name and by wildcard", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("a", { emailIdentity: "example.com" });
                    new aws.sesv2.EmailIdentity("b", { emailIdentity: "mail.example.org" });
                    new aws.sesv2.EmailIdentity("c", { emailIdentity: "example.net" });
                };
                const config = { [POLICY]: { externallyVerifiedDomains: ["example.com", "*.example.org"] } };
                const run = await runProgram(configured(), program, { preview, config });
                assert.deepEqual(
                    run.of(POLICY).map((d) => d.urn.split("::").pop()),
                    ["c"],
                    show(run.of(POLICY)),
                );
            });

            it("follows records created by a component whose names pass through an intermediate resource", async () => {
                class DkimRecords extends pulumi.ComponentResource {
                    constructor(name: string, identity: aws.sesv2.EmailIdentity) {
                        super("test:index:DkimRecords", name, {}, {});
                        const tokens = [0, 1, 2].map(
                            (i) => new aws.ssm.Parameter(`${name}-token-${i}`, { type: "String", value: v2Token(identity, i) }, { parent: this }).value,
                        );
                        route53DkimRecords(`${name}-cname`, tokens, "example.com", "Z1", { opts: { parent: this } });
                        this.registerOutputs({});
                    }
                }
                const program = () => new DkimRecords("records", new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }));
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("links an identity whose name is unknown in preview by dependency alone", async () => {
                const program = () => {
                    const bucket = new aws.s3.Bucket("bucket");
                    const domain = bucket.bucket.apply(() => "example.com");
                    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: domain });
                    cloudflareDkimRecords(
                        "dkim",
                        [0, 1, 2].map((i) => v2Token(identity, i)),
                        "example.com",
                        "cf-zone",
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }

    it("fails in update, not in preview, when the CNAMEs point at the wrong region's DKIM domain", async () => {
        const program = () => v2DomainWithRoute53("example.com", { identityArgs: { region: "eu-south-1" } });
        const previewRun = await runProgram(pack(), program, { preview: true });
        assert.deepEqual(previewRun.of(POLICY), [], "values unknown in preview: the dependency decides");
        const update = await runProgram(pack(), program, { preview: false });
        const [d] = update.of(POLICY);
        assert.ok(d, "expected a violation in update");
        assert.match(d.message, /Region: eu-south-1 \(from its region input\)/);
        assert.match(d.message, /dkim\.eu-south-1\.amazonses\.com/);
    });

    it('reports at the level the config gives, through "all" or its own entry', async () => {
        const program = () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
        const all = await runProgram(configured(), program, { preview: true, config: { all: "advisory" } });
        assert.deepEqual(
            all.of(POLICY).map((d) => d.enforcementLevel),
            ["advisory"],
        );
        const disabled = await runProgram(configured(), program, { preview: true, config: { [POLICY]: "disabled" } });
        assert.deepEqual(disabled.of(POLICY), []);
    });

    it("takes the region from an explicit provider", async () => {
        const program = () => {
            const provider = new aws.Provider("milan", { region: "eu-south-1" });
            const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }, { provider });
            route53DkimRecords(
                "dkim",
                [0, 1, 2].map((i) => v2Token(identity, i)),
                "example.com",
                "Z1",
                { dkimDomain: "dkim.eu-south-1.amazonses.com" },
            );
        };
        const run = await runProgram(pack(), program, { preview: false });
        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
    });

    it("does not count records whose names are known but whose values do not depend on the identity in preview", async () => {
        const program = () => {
            new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
            route53DkimRecords("dkim", ["a", "b", "c"], "example.com", "Z1");
        };
        const run = await runProgram(pack(), program, { preview: true });
        assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
    });
});
