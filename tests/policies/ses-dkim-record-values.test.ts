import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { VerifiedDomain, route53Dns } from "../../components";
import { sesPrivateKeyValue } from "../../records";
import { route53DkimRecords, v1Token, v2DomainWithCloudflare, v2DomainWithRoute53, v2Token } from "../programs/ses-programs";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-dkim-record-values";

const PEM = generateKeyPairSync("rsa", {
    modulusLength: 1024,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            // DkimSigningAttributes.DomainSigningPrivateKey, SES API reference: pattern ^[a-zA-Z0-9+\/]+={0,2}$, so an
            // armoured PEM is rejected at create (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html).
            it("flags a PEM-armoured BYODKIM key, plain or secret, with the one-line fix, and passes bare base64", async () => {
                for (const key of [PEM, pulumi.secret(PEM)]) {
                    const run = await runProgram(
                        pack(),
                        () =>
                            new aws.sesv2.EmailIdentity("identity", {
                                emailIdentity: "example.com",
                                dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: key },
                            }),
                        { preview },
                    );
                    const found = run.of(POLICY).filter((d) => /in a form SES rejects at create/.test(d.message));
                    assert.equal(found.length, 1, show(run.of(POLICY)));
                    assert.match(found[0].message, /it is PEM-armoured .*Strip the armour and line breaks: .*replace\(\/-----\[\^-\]\+-----\|\\s\/g, ""\)/);
                    assert.doesNotMatch(found[0].message, /PRIVATE KEY-----\n|MII/, "the key itself is never echoed");
                }
                const bare = await runProgram(
                    pack(),
                    () =>
                        new aws.sesv2.EmailIdentity("identity", {
                            emailIdentity: "example.com",
                            dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: sesPrivateKeyValue(PEM) },
                        }),
                    { preview },
                );
                assert.deepEqual(
                    bare.of(POLICY).filter((d) => /rejects at create/.test(d.message)),
                    [],
                    show(bare.of(POLICY)),
                );
            });

            it("passes ses-guard's VerifiedDomain given a PEM key: the component hands SES bare base64", async () => {
                const program = () =>
                    new VerifiedDomain("mail", {
                        domain: "example.com",
                        dns: route53Dns({ zoneId: "Z1" }),
                        dkim: { selector: "s1", privateKey: pulumi.secret(PEM) },
                    });
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual([...run.of(POLICY), ...run.of("ses-domain-identity-verified")], [], show(run.diagnostics));
            });

            it("passes correct Route 53 and Cloudflare records", async () => {
                for (const program of [() => v2DomainWithRoute53("example.com"), () => v2DomainWithCloudflare("example.com", { nameStyle: "relative" })]) {
                    const run = await runProgram(pack(), program, { preview });
                    assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
                }
            });

            it("leaves other senders' _domainkey records alone", async () => {
                const program = () => {
                    v2DomainWithRoute53("example.com");
                    new aws.route53.Record("google", {
                        zoneId: "Z1",
                        name: "google._domainkey.example.com",
                        type: "TXT",
                        ttl: 600,
                        records: ["v=DKIM1; k=rsa; p=abc"],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("fails a name given with literal tokens and the zone twice (known even in preview)", async () => {
                const program = () => {
                    new aws.route53.Zone("zone", { name: "example.com" });
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    new aws.route53.Record("doubled", {
                        zoneId: "Z1",
                        name: "ic8dvw3dpczrrkmo6vcyulvwpdr5zyhd._domainkey.example.com.example.com",
                        type: "CNAME",
                        ttl: 600,
                        records: ["ic8dvw3dpczrrkmo6vcyulvwpdr5zyhd.dkim.amazonses.com"],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                if (preview) {
                    assert.deepEqual(run.of(POLICY), [], "tokens unknown in preview: the record cannot be tied to the identity");
                } else {
                    const [d] = run.of(POLICY);
                    assert.ok(d, show(run.diagnostics));
                    assert.match(d.urn, /Record::doubled$/);
                    assert.match(d.message, /repeats the zone example\.com/);
                }
            });
        });
    }

    it("fails a doubled zone built from the identity's tokens (update)", async () => {
        const run = await runProgram(pack(), () => v2DomainWithRoute53("example.com", { nameStyle: "doubled" }), { preview: false });
        assert.equal(run.of(POLICY).length, 3, show(run.of(POLICY)));
        assert.match(run.of(POLICY)[0].message, /write it once: '[a-z0-9]+\._domainkey\.example\.com'/);
    });

    it("fails CNAMEs that point at the global DKIM domain for an identity in a regional-DKIM region (update)", async () => {
        const run = await runProgram(pack(), () => v2DomainWithRoute53("example.com", { identityArgs: { region: "af-south-1" } }), { preview: false });
        assert.equal(run.of(POLICY).length, 3, show(run.of(POLICY)));
        assert.match(run.of(POLICY)[0].message, /points at dkim\.amazonses\.com, but the DKIM domain of region af-south-1 is dkim\.af-south-1\.amazonses\.com/);
    });

    it("reads a record's name as DNS sees it: in a delegated _domainkey zone, a record named from the identity's token but not after it is a wrong DKIM record (update)", async () => {
        const run = await runProgram(
            pack(),
            () => {
                const zone = new aws.route53.Zone("dkim-zone", { name: "_domainkey.example.com" });
                const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                // Written relative to the zone, so only the zone makes it a _domainkey name: selector1._domainkey.example.com.
                new aws.route53.Record("wrong", {
                    zoneId: zone.zoneId,
                    name: "selector1",
                    type: "CNAME",
                    ttl: 1800,
                    records: [pulumi.interpolate`${v2Token(identity, 0)}.dkim.amazonses.com`],
                });
            },
            { preview: false },
        );
        const found = run.of(POLICY);
        assert.equal(found.length, 1, show(found));
        assert.match(found[0].message, /its name carries 'selector1', which is not one of the identity's DKIM tokens/);
    });

    it("fails DKIM records written as TXT instead of CNAME (update)", async () => {
        const run = await runProgram(pack(), () => v2DomainWithRoute53("example.com", { type: "TXT" }), { preview: false });
        assert.equal(run.of(POLICY).length, 3, show(run.of(POLICY)));
        assert.match(run.of(POLICY)[0].message, /it is a TXT record; Easy DKIM records are CNAMEs/);
    });

    for (const { preview, label } of MODES) {
        it(`fails Cloudflare-proxied DKIM CNAMEs, even with names unknown (${label})`, async () => {
            const run = await runProgram(pack(), () => v2DomainWithCloudflare("example.com", { proxied: true }), { preview });
            assert.equal(run.of(POLICY).length, 3, show(run.of(POLICY)));
            assert.match(run.of(POLICY)[0].message, /proxied: true/);
        });
    }

    // A DKIM record is only what DNS serves: a CNAME with no target verifies nothing
    // (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html). Its name, made from the
    // tokens, is unknown in preview, but its missing value is not unknown: it is known to be absent.
    for (const { preview, label } of MODES) {
        it(`fails DKIM records with no value, even with names unknown: Route 53 without records, Cloudflare 6 Record given value: (${label})`, async () => {
            const program = () => {
                const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                for (let i = 0; i < 3; i++) {
                    const name = pulumi.interpolate`${v2Token(identity, i)}._domainkey.example.com`;
                    if (i < 2) {
                        new aws.route53.Record(`dkim-${i}`, { zoneId: "Z1", name, type: "CNAME", ttl: 1800 });
                    } else {
                        // @pulumi/cloudflare 6 Record takes content; its constructor drops value, as users find after deploy.
                        const args = { zoneId: "cf", name, type: "CNAME", ttl: 1, value: pulumi.interpolate`${v2Token(identity, i)}.dkim.amazonses.com` };
                        new cloudflare.Record(`dkim-${i}`, args as cloudflare.RecordArgs);
                    }
                }
            };
            const run = await runProgram(pack(), program, { preview });
            const found = run.of(POLICY);
            assert.equal(found.length, 3, show(found));
            assert.ok(found.every((d) => d.enforcementLevel === "mandatory"));
            assert.match(
                found.find((d) => /route53\/record:Record::dkim-0$/.test(d.urn))?.message ?? "",
                /it has no value, so DNS serves no CNAME target; give it records: \[\.\.\.\]/,
            );
            assert.match(found.find((d) => /record:Record::dkim-2$/.test(d.urn))?.message ?? "", /it has no value[^]*give it content .*drops value:/);
        });

        it(`passes DKIM records whose value is unknown but present (${label})`, async () => {
            const run = await runProgram(pack(), () => v2DomainWithCloudflare("example.com", { legacy: true }), { preview });
            assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
        });
    }

    it("fails a CNAME whose target carries another token (update, v1 DomainDkim)", async () => {
        const program = () => {
            const identity = new aws.ses.DomainIdentity("identity", { domain: "example.com" });
            const dkim = new aws.ses.DomainDkim("dkim", { domain: identity.domain });
            const tokens = [0, 1, 2].map((i) => v1Token(dkim, i));
            route53DkimRecords("cname", tokens, "example.com", "Z1");
            new aws.route53.Record("swapped", {
                zoneId: "Z1",
                name: tokens[0].apply((t) => `${t}._domainkey.example.com`),
                type: "CNAME",
                ttl: 600,
                records: [tokens[1].apply((t) => `${t}.dkim.amazonses.com`)],
            });
        };
        const run = await runProgram(pack(), program, { preview: false });
        const [d] = run.of(POLICY);
        assert.ok(d, show(run.diagnostics));
        assert.match(d.urn, /Record::swapped$/);
        assert.match(d.message, /points at token '[a-z0-9]+' but its name carries token/);
    });

    it("fails a BYODKIM identity whose private key is not a usable key", async () => {
        for (const preview of [true, false]) {
            const program = () =>
                new aws.sesv2.EmailIdentity("identity", {
                    emailIdentity: "example.com",
                    dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: "not a key" },
                });
            const run = await runProgram(pack(), program, { preview });
            assert.match(run.of(POLICY)[0]?.message ?? "", /domainSigningPrivateKey cannot be used/, show(run.diagnostics));
        }
    });

    it("accepts tokens whose records come from a v2 identity in its provider's regional-DKIM region (update)", async () => {
        const program = () => {
            const provider = new aws.Provider("cape-town", { region: "af-south-1" });
            const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" }, { provider });
            route53DkimRecords(
                "dkim",
                [0, 1, 2].map((i) => v2Token(identity, i)),
                "example.com",
                "Z1",
                { dkimDomain: "dkim.af-south-1.amazonses.com" },
            );
        };
        const run = await runProgram(pack(), program, { preview: false });
        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
    });
});
