/**
 * Identities and MAIL FROM domains a program names in Unicode (`bücher.example`), through the pack process. The pack
 * cannot change an input, so it reads such a name in the ASCII (punycode) form SES and DNS compare it in, counts the
 * records declared for that form, and tells the user to give SES that form.
 *
 * SES takes an internationalized domain in its ASCII form: its docs say the addresses it sends from "must be 7-bit
 * ASCII", and a Unicode domain part must be encoded "using Punycode" (RFC 3492):
 * https://docs.aws.amazon.com/ses/latest/dg/send-email-formatted.html. The API reference of CreateEmailIdentity
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html) says nothing of a Unicode
 * form, so an identity named in Unicode never matches the ASCII From address of a mail.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { route53DkimRecords, v2Token } from "../programs/ses-programs";
import type { Diagnostic } from "../../offline-engine/analyzer-client";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const ASCII = "xn--bcher-kva.example";

/** Asserts that no policy of the run failed to finish (a policy threw). */
function noPolicyThrew(diagnostics: readonly Diagnostic[]): void {
    const failed = diagnostics.filter((d) => /could not finish/.test(d.message));
    assert.deepEqual(failed, [], show(failed));
}

describe("policies: names given in Unicode are read in their ASCII (punycode) form", () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("counts the DKIM records declared for the ASCII form, and asks for that form in emailIdentity, naming both", async () => {
                const program = () => {
                    const identity = new aws.sesv2.EmailIdentity("books", { emailIdentity: "bücher.example" });
                    route53DkimRecords(
                        "dkim",
                        [0, 1, 2].map((i) => v2Token(identity, i)),
                        ASCII,
                        "Z1",
                    );
                };
                const run = await runProgram(pack(), program, { preview });
                noPolicyThrew(run.diagnostics);
                const [d, ...rest] = run.of("ses-domain-identity-verified");
                assert.equal(rest.length, 0, show(run.of("ses-domain-identity-verified")));
                assert.equal(d.enforcementLevel, "mandatory");
                assert.match(d.message, /SES v2 identity 'bücher\.example' \(xn--bcher-kva\.example\) \(resource 'books'\) is named in Unicode/);
                assert.match(d.message, /Give emailIdentity: "xn--bcher-kva\.example"/);
                assert.match(d.message, /records declared for it count/);
                assert.deepEqual(run.of("ses-dkim-record-values"), [], show(run.of("ses-dkim-record-values")));
            });

            it("names a v1 domain identity's missing records in the ASCII form, with both forms of its name", async () => {
                const run = await runProgram(pack(), () => new aws.ses.DomainIdentity("books", { domain: "bücher.example" }), { preview });
                noPolicyThrew(run.diagnostics);
                const messages = run.of("ses-domain-identity-verified").map((d) => d.message);
                assert.equal(messages.length, 2, messages.join("\n---\n"));
                assert.match(messages[0], /'bücher\.example' \(xn--bcher-kva\.example\) .*Give domain: "xn--bcher-kva\.example"/);
                assert.match(messages[1], /'bücher\.example' \(xn--bcher-kva\.example\) \(resource 'books'\) cannot be verified/);
                assert.match(messages[1], /_amazonses\.xn--bcher-kva\.example/);
            });

            it("covers an address at a Unicode domain with the stack's identity of its ASCII form, and asks for the ASCII address", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("domain", { emailIdentity: ASCII });
                    new aws.sesv2.EmailIdentity("info", { emailIdentity: "info@bücher.example" });
                };
                const run = await runProgram(pack(), program, { preview });
                noPolicyThrew(run.diagnostics);
                const [d, ...rest] = run.of("ses-email-identity-verifiable");
                assert.equal(rest.length, 0, show(run.of("ses-email-identity-verifiable")));
                assert.match(d.message, /'info@bücher\.example' \(info@xn--bcher-kva\.example\) .*Give emailIdentity: "info@xn--bcher-kva\.example"/);
                assert.doesNotMatch(d.message, /clicks the link/, "the domain identity covers the address");
            });

            it("matches a Unicode MAIL FROM domain's records in the ASCII form, ties it to its identity, and asks for that form", async () => {
                const program = () => {
                    const identity = new aws.sesv2.EmailIdentity("books", { emailIdentity: ASCII });
                    new aws.sesv2.EmailIdentityMailFromAttributes("mail-from", {
                        emailIdentity: identity.emailIdentity,
                        mailFromDomain: "bounce.bücher.example",
                    });
                    new aws.route53.Record("mx", {
                        zoneId: "Z1",
                        name: `bounce.${ASCII}`,
                        type: "MX",
                        ttl: 600,
                        records: ["10 feedback-smtp.eu-west-1.amazonses.com"],
                    });
                    new aws.route53.Record("spf", {
                        zoneId: "Z1",
                        name: `bounce.${ASCII}`,
                        type: "TXT",
                        ttl: 600,
                        records: ["v=spf1 include:amazonses.com ~all"],
                    });
                };
                const run = await runProgram(pack(), program, { preview });
                noPolicyThrew(run.diagnostics);
                const [d, ...rest] = run.of("ses-mail-from-records");
                assert.equal(rest.length, 0, show(run.of("ses-mail-from-records")));
                assert.match(d.message, /'bounce\.bücher\.example' \(bounce\.xn--bcher-kva\.example\) \(resource 'mail-from'\) is in Unicode/);
                assert.match(d.message, /Give mailFromDomain: "bounce\.xn--bcher-kva\.example"/);
            });

            it("reports a Unicode name that has no ASCII form as not valid, and no policy throws", async () => {
                const program = () => {
                    new aws.sesv2.EmailIdentity("bad", { emailIdentity: "xn--zz.bücher.example" });
                    new aws.sesv2.EmailIdentity("short", { emailIdentity: "bücher" });
                };
                const run = await runProgram(pack(), program, { preview });
                noPolicyThrew(run.diagnostics);
                const messages = run.of("ses-domain-identity-verified").map((d) => d.message);
                assert.equal(messages.length, 2, messages.join("\n---\n"));
                assert.match(messages.find((m) => m.includes("'bad'")) ?? "", /not a valid DNS name \(it is not a valid internationalized domain name\)/);
                assert.match(
                    messages.find((m) => m.includes("'short'")) ?? "",
                    /'bücher' \(xn--bcher-kva\) \(resource 'short'\) cannot be verified: its name is not a valid DNS name \(it needs at least two labels/,
                );
            });
        });
    }

    describe("config lists", () => {
        const configured = usePack({ own: true });

        it("reads a domain or an address listed in Unicode in its ASCII form, exactly and in wildcards", async () => {
            const program = () => {
                new aws.sesv2.EmailIdentity("books", { emailIdentity: ASCII });
                new aws.sesv2.EmailIdentity("shop", { emailIdentity: "shop.xn--bcher-kva.example" });
                new aws.sesv2.EmailIdentity("other", { emailIdentity: "xn--mller-kva.example" });
                new aws.sesv2.EmailIdentity("info", { emailIdentity: "info@xn--mller-kva.example" });
            };
            const config = {
                "ses-domain-identity-verified": { externallyVerifiedDomains: ["Bücher.example", "*.bücher.example"] },
                "ses-email-identity-verifiable": { verifiedAddresses: ["info@müller.example"] },
            };
            const run = await runProgram(configured(), program, { preview: false, config });
            noPolicyThrew(run.diagnostics);
            assert.deepEqual(
                run.of("ses-domain-identity-verified").map((d) => d.urn.split("::").pop()),
                ["other"],
                show(run.of("ses-domain-identity-verified")),
            );
            assert.deepEqual(run.of("ses-email-identity-verifiable"), [], show(run.of("ses-email-identity-verifiable")));
        });
    });

    it("shows a secret name given in Unicode as [secret] in both of its forms", async () => {
        const run = await runProgram(pack(), () => new aws.sesv2.EmailIdentity("books", { emailIdentity: pulumi.secret("bücher.example") }), {
            preview: false,
        });
        const messages = run.of("ses-domain-identity-verified").map((d) => d.message);
        assert.ok(messages.length > 0 && messages.every((m) => m.includes("[secret]")), messages.join("\n---\n"));
        assert.ok(
            messages.every((m) => !/bücher|bcher/i.test(m)),
            messages.join("\n---\n"),
        );
    });
});
