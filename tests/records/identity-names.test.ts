import * as assert from "node:assert/strict";
import { asciiDomainName, asciiIdentityName, domainNameProblem, emailAddressProblem, identityDomain, identityKind, withAsciiForm } from "../../records";

describe("records: identity-names", () => {
    it("tells addresses from domains and finds an address's domain", () => {
        assert.equal(identityKind("noreply@example.com"), "email-address");
        assert.equal(identityKind("example.com"), "domain");
        assert.equal(identityDomain("NoReply@Mail.Example.com"), "mail.example.com");
    });

    it("accepts ordinary domains and says what is wrong with bad ones", () => {
        assert.equal(domainNameProblem("mail.example.co.uk"), undefined);
        assert.match(domainNameProblem("localhost") ?? "", /two labels/);
        assert.match(domainNameProblem("-bad.example.com") ?? "", /label '-bad'/);
        assert.match(domainNameProblem("https://example.com") ?? "", /URL/);
        assert.match(domainNameProblem("10.0.0.1") ?? "", /numeric/);
    });

    it("accepts ordinary addresses and says what is wrong with bad ones", () => {
        assert.equal(emailAddressProblem("no-reply+x@example.com"), undefined);
        assert.match(emailAddressProblem("@example.com") ?? "", /local part/);
        assert.match(emailAddressProblem("a b@example.com") ?? "", /character/);
        assert.equal(emailAddressProblem("x@nodot"), "its domain 'nodot' is unusable: it needs at least two labels, like example.com");
    });

    it("names the ASCII (punycode) form SES takes for an internationalized domain (UTS #46, as url.domainToASCII maps it)", () => {
        assert.equal(
            domainNameProblem("bücher.example"),
            "it has non-ASCII letters: SES takes an internationalized domain in its ASCII (punycode) form, here 'xn--bcher-kva.example'",
        );
        assert.match(emailAddressProblem("info@bücher.example") ?? "", /its domain 'bücher\.example' is unusable: .* here 'xn--bcher-kva\.example'/);
        assert.equal(domainNameProblem("xn--bcher-kva.example"), undefined);
        assert.equal(asciiIdentityName("Info@Bücher.example"), "Info@xn--bcher-kva.example");
        assert.equal(asciiIdentityName("example.com"), "example.com");
    });

    it("normalizes a domain in its ASCII form, and names a Unicode name with the form SES takes after it", () => {
        assert.equal(asciiDomainName("Bücher.Example."), "xn--bcher-kva.example");
        assert.equal(asciiDomainName("Example.COM."), "example.com");
        assert.equal(withAsciiForm("bücher.example"), "'bücher.example' (xn--bcher-kva.example)");
        assert.equal(withAsciiForm("info@bücher.example", '"'), '"info@bücher.example" (info@xn--bcher-kva.example)');
        assert.equal(withAsciiForm("example.com"), "'example.com'");
        // A name that does not convert is shown alone; its problem is domainNameProblem's.
        assert.equal(withAsciiForm("xn--zz.bücher.example"), "'xn--zz.bücher.example'");
    });
});
