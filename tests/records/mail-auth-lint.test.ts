import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import {
    dkimPublicKeyBits,
    lintDkimKeyBits,
    lintDmarc,
    lintDmarcRecords,
    lintEasyDkimKeyLength,
    lintSpf,
    lintSpfRecords,
    rsaPrivateKeyBits,
} from "../../records/mail-auth-lint";

const problems = (findings: readonly { problem: string }[]) => findings.map((f) => f.problem).join("\n");

describe("records: mail-auth-lint", () => {
    describe("SPF (RFC 7208)", () => {
        it("passes the record SES asks for and a longer valid one, counting the lookups and naming the includes it does not follow", () => {
            assert.deepEqual(lintSpfRecords(["v=spf1 include:amazonses.com ~all"]), []);
            const reading = lintSpf('"v=spf1 a mx:mail.example.com/24 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net -all"');
            assert.deepEqual(reading.findings, []);
            assert.equal(reading.lookups, 3);
            assert.deepEqual(reading.notFollowed, ["_spf.example.net"]);
        });

        it("makes two v=spf1 records at one name a mandatory finding (section 4.5: permanent error)", () => {
            const findings = lintSpfRecords(["v=spf1 include:amazonses.com ~all", "v=DMARC1; p=none", "v=spf1 include:_spf.example.net -all"]);
            assert.equal(findings.length, 1, problems(findings));
            assert.equal(findings[0].level, "mandatory");
            assert.match(findings[0].problem, /2 SPF records/);
            assert.match(findings[0].fix, /merge them/);
        });

        it("makes a misspelt mechanism a permanent error and suggests the mechanism meant (section 4.6)", () => {
            const [f, ...rest] = lintSpf("v=spf1 inlcude:amazonses.com ~all").findings;
            assert.equal(rest.length, 0);
            assert.equal(f.level, "mandatory");
            assert.match(f.problem, /"inlcude:amazonses\.com" is not an SPF mechanism/);
            assert.equal(f.fix, 'write "include:amazonses.com"');
        });

        it("rejects malformed arguments: ip4 that is no address, include without a domain, all with one, two redirects (sections 5, 6)", () => {
            const findings = lintSpf("v=spf1 ip4:300.1.1.1 include all:x redirect=a.example redirect=b.example").findings;
            assert.equal(findings.length, 4, problems(findings));
            assert.ok(findings.every((f) => f.level === "mandatory"));
        });

        it("counts include, a, mx, ptr, exists and redirect against the limit of 10, and says what it cannot count (section 4.6.4)", () => {
            const eleven = `v=spf1 ${Array.from({ length: 5 }, (_, i) => `include:s${i}.example.net`).join(" ")} a mx ptr exists:%{i}.x.example a:b.example redirect=r.example`;
            const reading = lintSpf(eleven);
            assert.equal(reading.lookups, 11);
            assert.equal(reading.findings.length, 1, problems(reading.findings));
            assert.match(reading.findings[0].problem, /11 DNS lookups counted from the record alone, more than 10/);
            assert.match(reading.findings[0].problem, /not counted: the lookups of "s0\.example\.net".*"r\.example" themselves, which cannot be known offline/);
            const ten = lintSpf("v=spf1 a mx ptr a mx ptr a mx ptr a -all");
            assert.equal(ten.lookups, 10);
            assert.deepEqual(ten.findings, []);
        });

        it("escapes control characters of the term it quotes", () => {
            const [f] = lintSpf("v=spf1 bad\u001b[31m ~all").findings;
            assert.doesNotMatch(f.problem, /\u001b/);
            assert.match(f.problem, /\\u001b/);
        });
    });

    describe("DMARC (RFC 7489)", () => {
        it("passes a valid record with every tag", () => {
            assert.deepEqual(
                lintDmarc(
                    "v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; pct=100; fo=1:d; rf=afrf; ri=86400; rua=mailto:a@example.com,mailto:b@example.com!10m; ruf=mailto:f@example.com",
                ),
                [],
            );
        });

        it("advises when v=DMARC1 is not first, p= is missing or invalid, a tag is unknown or a value invalid (sections 6.3, 6.4, 6.6.3)", () => {
            assert.match(problems(lintDmarcRecords(["p=none; v=DMARC1"])), /v=DMARC1 is not its first tag/);
            assert.match(problems(lintDmarc("v=DMARC1; rua=mailto:a@example.com")), /no p= tag/);
            assert.match(problems(lintDmarc("v=DMARC1; p=block")), /p="block" is not valid, so receivers apply no policy/);
            assert.match(problems(lintDmarc("v=DMARC1; p=none; pt=100")), /the tag "pt=100" is not a DMARC tag/);
            assert.match(
                problems(lintDmarc("v=DMARC1; p=none; pct=150; rua=dmarc@example.com")),
                /pct="150" is not valid[^]*rua="dmarc@example\.com" is not valid/,
            );
            assert.ok(lintDmarc("v=DMARC1; p=block").every((f) => f.level === "advisory"));
        });

        it("advises on two DMARC records at one name (section 6.6.3: receivers apply none)", () => {
            const findings = lintDmarcRecords(["v=DMARC1; p=none", "v=DMARC1; p=reject"]);
            assert.equal(findings.length, 1, problems(findings));
            assert.match(findings[0].problem, /2 DMARC records at one name/);
        });

        it("says that aspf=s with a custom MAIL FROM subdomain leaves only DKIM to carry DMARC (section 3.1.2)", () => {
            assert.deepEqual(lintDmarc("v=DMARC1; p=reject; aspf=s"), []);
            const [f] = lintDmarc("v=DMARC1; p=reject; aspf=s", { customMailFrom: true });
            assert.match(f.problem, /SPF never aligns and only DKIM carries DMARC/);
            assert.match(f.fix, /aspf=r/);
        });
    });

    describe("DKIM keys (RFC 8301 section 3.2)", () => {
        it("reads the key length of a private and a public key and advises 2048 bits over 1024", () => {
            const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
            const der = privateKey.export({ type: "pkcs1", format: "der" }).toString("base64");
            assert.equal(rsaPrivateKeyBits(der), 1024);
            assert.equal(dkimPublicKeyBits(publicKey.export({ type: "spki", format: "der" }).toString("base64")), 1024);
            assert.match(lintDkimKeyBits(1024, "the key")?.problem ?? "", /1024-bit RSA key; 2048 bits is advised/);
            assert.equal(lintDkimKeyBits(2048, "the key"), undefined);
            assert.equal(rsaPrivateKeyBits("not a key"), undefined);
        });

        it("advises on an Easy DKIM nextSigningKeyLength of RSA_1024_BIT only", () => {
            assert.match(lintEasyDkimKeyLength("RSA_1024_BIT")?.fix ?? "", /RSA_2048_BIT/);
            assert.equal(lintEasyDkimKeyLength("RSA_2048_BIT"), undefined);
        });
    });
});
