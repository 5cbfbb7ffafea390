import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { route53Dmarc } from "../programs/ses-programs";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-domain-dmarc";

describe(`policies: ${POLICY}`, () => {
    const pack = usePack();
    const configured = usePack({ own: true });

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("passes a v2 domain with a Route 53 DMARC record", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    route53Dmarc("example.com", "Z1");
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("passes a subdomain covered by its organizational domain's record in Cloudflare", async () => {
                const program = () => {
                    new aws.ses.DomainIdentity("identity", { domain: "mail.example.com" });
                    new cloudflare.DnsRecord("dmarc", { zoneId: "cf", name: "_dmarc", type: "TXT", content: '"v=DMARC1; p=reject"', ttl: 1 });
                };
                const run = await runProgram(pack(), program, { preview });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });

            it("advises on a domain without DMARC, once per domain, with a sample record", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("v2", { emailIdentity: "example.com" });
                    new aws.ses.DomainIdentity("v1", { domain: "example.com" });
                    new aws.sesv2.EmailIdentity("address", { emailIdentity: "a@example.com" });
                };
                const run = await runProgram(pack(), program, { preview });
                const [d, ...rest] = run.of(POLICY);
                assert.equal(rest.length, 0, show(run.of(POLICY)));
                assert.equal(d.enforcementLevel, "advisory");
                assert.match(d.message, /TXT record _dmarc\.example\.com = "v=DMARC1; p=none/);
            });

            it("does not count a TXT record at _dmarc that is not DMARC", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    route53Dmarc("example.com", "Z1", "v=spf1 -all");
                };
                const run = await runProgram(pack(), program, { preview });
                assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
            });

            // RFC 7489 section 6.6.3: when the query returns more than one DMARC record, receivers apply none.
            it("advises on two DMARC records at one _dmarc name, in one Route 53 record or in two", async () => {
                for (const values of [["v=DMARC1; p=none", "v=DMARC1; p=reject"], ["v=DMARC1; p=none"]]) {
                    const program = () => {
                        new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                        new aws.route53.Record("dmarc", { zoneId: "Z1", name: "_dmarc.example.com", type: "TXT", ttl: 600, records: values });
                        if (values.length === 1) route53Dmarc("example.com", "Z2", "v=DMARC1; p=quarantine");
                    };
                    const run = await runProgram(pack(), program, { preview });
                    const [d, ...rest] = run.of(POLICY);
                    assert.equal(rest.length, 0, show(run.of(POLICY)));
                    assert.equal(d?.enforcementLevel, "advisory", show(run.of(POLICY)));
                    assert.match(d.message, /2 DMARC records at one name; with more than one, receivers apply none \(RFC 7489 section 6\.6\.3\)/);
                    assert.match(d.message, /Instead: keep one TXT value at the name/);
                }
            });

            it("does not count relative _dmarc records in zones it does not know as two at one name, but lints each", async () => {
                const program = (second: string) => () => {
                    new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                    new cloudflare.DnsRecord("dmarc-1", { zoneId: "cf-1", name: "_dmarc", type: "TXT", content: "v=DMARC1; p=none", ttl: 1 });
                    new cloudflare.DnsRecord("dmarc-2", { zoneId: "cf-2", name: "_dmarc", type: "TXT", content: second, ttl: 1 });
                };
                const clean = await runProgram(pack(), program("v=DMARC1; p=reject"), { preview });
                assert.deepEqual(clean.of(POLICY), [], show(clean.of(POLICY)));
                const bad = await runProgram(pack(), program("v=DMARC1; p=rejct"), { preview });
                assert.equal(bad.of(POLICY).length, 1, show(bad.of(POLICY)));
                assert.match(bad.of(POLICY)[0].message, /p="rejct" is not valid/);
                assert.doesNotMatch(bad.of(POLICY)[0].message, /DMARC records at one name/);
            });

            // RFC 7489 sections 6.3 (tags; unknown tags are ignored), 6.4 (v=DMARC1 first), 6.6.3 (no valid p=: no policy).
            it("advises on a DMARC record with v=DMARC1 not first, an invalid p=, or a misspelt tag, saying what to write", async () => {
                const cases: [string, RegExp][] = [
                    ["p=reject; v=DMARC1", /v=DMARC1 is not its first tag[^]*Instead: start the value with "v=DMARC1; p=\.\.\."/],
                    ["v=DMARC1; p=block", /p="block" is not valid, so receivers apply no policy[^]*Instead: give p= none, quarantine or reject/],
                    ["v=DMARC1; p=none; ruaa=mailto:d@example.com", /the tag "ruaa=mailto:d@example\.com" is not a DMARC tag; receivers ignore it/],
                    ["v=DMARC1; rua=mailto:d@example.com", /it has no p= tag[^]*Instead: add p=none/],
                ];
                for (const [value, expected] of cases) {
                    const program = () => {
                        new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                        new cloudflare.DnsRecord("dmarc", { zoneId: "cf", name: "_dmarc.example.com", type: "TXT", content: `"${value}"`, ttl: 1 });
                    };
                    const run = await runProgram(pack(), program, { preview });
                    assert.equal(run.of(POLICY).length, 1, `${value}: ${show(run.of(POLICY))}`);
                    assert.match(run.of(POLICY)[0].message, expected, value);
                    assert.match(run.of(POLICY)[0].message, /Cloudflare record 'dmarc'/);
                }
            });

            // RFC 7489 section 3.1.2: in strict mode SPF aligns only when the MAIL FROM domain is the From domain itself.
            it("says that aspf=s with a custom MAIL FROM subdomain leaves only DKIM to carry DMARC, and not without one", async () => {
                for (const mailFrom of [true, false]) {
                    const program = () => {
                        const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });
                        if (mailFrom)
                            new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
                                emailIdentity: identity.emailIdentity,
                                mailFromDomain: "bounce.example.com",
                            });
                        route53Dmarc("example.com", "Z1", "v=DMARC1; p=reject; aspf=s");
                    };
                    const run = await runProgram(pack(), program, { preview });
                    if (!mailFrom) {
                        assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
                        continue;
                    }
                    assert.equal(run.of(POLICY).length, 1, show(run.of(POLICY)));
                    assert.match(
                        run.of(POLICY)[0].message,
                        /aspf=s \(strict\) with a custom MAIL FROM subdomain[^]*only DKIM carries DMARC[^]*Instead: use aspf=r/,
                    );
                }
            });

            it("skips domains whose DMARC is managed elsewhere", async () => {
                const run = await runProgram(configured(), () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "mail.example.com" }), {
                    preview,
                    config: { [POLICY]: { externallyManagedDomains: ["example.com"] } },
                });
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});
