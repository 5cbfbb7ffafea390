import * as assert from "node:assert/strict";
import {
    dnsNameMatches,
    domainAndParents,
    endsWithNames,
    hasDoubledZone,
    isSameOrSubdomain,
    isStrictSubdomain,
    qualifiedNameMatches,
    qualifyDnsName,
    relativeDnsName,
} from "../../records";

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
        // The zone twice, but not as whole labels: `badexample.com` is not `example.com`.
        assert.ok(!hasDoubledZone("x.badexample.com.example.com", "example.com"));
        assert.ok(!hasDoubledZone("example.com.example.com", "example.com.example.com"));
        assert.ok(hasDoubledZone("x.example.com.example.com", "Example.com."));
        assert.ok(isStrictSubdomain("mail.example.com", "Example.com."));
        assert.ok(!isStrictSubdomain("example.com", "example.com"));
        assert.ok(!isStrictSubdomain("badexample.com", "example.com"));
        assert.ok(isSameOrSubdomain("example.com.", "EXAMPLE.com"));
        assert.ok(!isSameOrSubdomain("xexample.com", "example.com"));
    });

    it("tells whether a name ends with two given names, label for label", () => {
        assert.ok(endsWithNames("x._domainkey.a.example.com.example.com", "a.example.com", "example.com"));
        assert.ok(!endsWithNames("x._domainkey.ba.example.com.example.com", "a.example.com", "example.com"));
        assert.ok(!endsWithNames("a.example.com.example.com", "a.example.com", "example.com"), "nothing before the first name");
        assert.ok(!endsWithNames("x.a.example.comexample.com", "a.example.com", "example.com"));
        assert.ok(!endsWithNames("com", "a", "com"));
    });

    it("compares a name already qualified (or, zone unknown, as written) with an expected one, as dnsNameMatches does", () => {
        assert.ok(qualifiedNameMatches("abc._domainkey.example.com", "ABC._domainkey.example.com.", true));
        assert.ok(!qualifiedNameMatches("abc._domainkey", "abc._domainkey.example.com", true), "a known zone qualified the name already");
        assert.ok(qualifiedNameMatches("abc._domainkey", "abc._domainkey.example.com", false));
        assert.ok(!qualifiedNameMatches("bc._domainkey", "abc._domainkey.example.com", false));
        assert.ok(!qualifiedNameMatches("abc._domainkey.ex", "abc._domainkey.example.com", false), "a leading part ends at a dot");
        assert.ok(!qualifiedNameMatches("", "example.com", false));
        for (const [name, expected, zone] of [
            ["abc._domainkey", "abc._domainkey.example.com", undefined],
            ["abc._domainkey", "abc._domainkey.example.com", "example.com"],
            ["abc._domainkey.other.com", "abc._domainkey.example.com", "other.com"],
            ["@", "example.com", "example.com"],
        ] as const) {
            const qualified = zone !== undefined ? qualifyDnsName(name, zone) : name;
            assert.equal(qualifiedNameMatches(qualified, expected, zone !== undefined), dnsNameMatches(name, expected, zone), `${name} in ${zone}`);
        }
    });
});
