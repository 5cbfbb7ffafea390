import * as assert from "node:assert/strict";
import { dnsNameMatches, domainAndParents, hasDoubledZone, isStrictSubdomain, qualifyDnsName, relativeDnsName } from "../../records";

describe("records: dns-names", () => {
    it("qualifies zone-relative, absolute and apex names", () => {
        assert.equal(qualifyDnsName("abc._domainkey", "example.com"), "abc._domainkey.example.com");
        assert.equal(qualifyDnsName("ABC._domainkey.Example.com.", "example.com"), "abc._domainkey.example.com");
        assert.equal(qualifyDnsName("abc._domainkey.example.com", "example.com."), "abc._domainkey.example.com");
        assert.equal(qualifyDnsName("@", "example.com"), "example.com");
    });

    it("lists a domain and its parents down to two labels, the domain first", () => {
        assert.deepEqual(domainAndParents("A.b.Example.com."), ["a.b.example.com", "b.example.com", "example.com"]);
        assert.deepEqual(domainAndParents("example.com"), ["example.com"]);
        assert.deepEqual(domainAndParents("localhost"), []);
    });

    it("writes a name relative to its zone", () => {
        assert.equal(relativeDnsName("abc._domainkey.mail.example.com", "example.com"), "abc._domainkey.mail");
        assert.equal(relativeDnsName("example.com.", "example.com"), "@");
    });

    it("matches a relative name to the expected name when the zone is unknown", () => {
        assert.ok(dnsNameMatches("abc._domainkey", "abc._domainkey.example.com"));
        assert.ok(dnsNameMatches("ABC._DOMAINKEY.example.com.", "abc._domainkey.example.com"));
        assert.ok(!dnsNameMatches("bc._domainkey", "abc._domainkey.example.com"));
        assert.ok(!dnsNameMatches("abc._domainkey.other.com", "abc._domainkey.example.com", "other.com"));
    });

    it("spots a doubled zone and strict subdomains", () => {
        assert.ok(hasDoubledZone("x._domainkey.example.com.example.com", "example.com"));
        assert.ok(!hasDoubledZone("x._domainkey.example.com", "example.com"));
        assert.ok(isStrictSubdomain("mail.example.com", "Example.com."));
        assert.ok(!isStrictSubdomain("example.com", "example.com"));
        assert.ok(!isStrictSubdomain("badexample.com", "example.com"));
    });
});
