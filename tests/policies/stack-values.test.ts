import * as assert from "node:assert/strict";
import { Secret, UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { UNKNOWN, hasProxyKeys, knownStrings, plainProps, stringAt, stringsAt, valueAt } from "../../policies/stack/values";

const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Properties wrapped the way @pulumi/policy hands them to a policy. */
function asPolicySees(raw: Record<string, unknown>): Record<string, unknown> {
    return unknownCheckingProxy(raw) as Record<string, unknown>;
}

describe("policies: stack/values, the guarded reads", () => {
    it("reads through @pulumi/policy's unknown-checking proxy without throwing where a direct read throws", () => {
        const props = asPolicySees({ name: "a", nested: { token: SENTINEL }, list: [SENTINEL, "b"] });
        assert.throws(() => (props.nested as Record<string, unknown>).token, UnknownValueError);
        const raw = plainProps(props);
        assert.equal(stringAt(raw, "name"), "a");
        assert.equal(stringAt(raw, "nested", "token"), UNKNOWN);
        assert.deepEqual(stringsAt(raw, "list"), [UNKNOWN, "b"]);
        assert.deepEqual(knownStrings(stringsAt(raw, "list")), { values: ["b"], anyUnknown: true });
    });

    it("reports an unknown met on the way as unknown, and wrong shapes as absent", () => {
        const raw = plainProps(asPolicySees({ attrs: SENTINEL, n: 3, o: { a: 1 } }));
        assert.equal(valueAt(raw, "attrs", "tokens", 0), UNKNOWN);
        assert.equal(stringAt(raw, "n"), undefined);
        assert.equal(valueAt(raw, "o", "constructor"), undefined, "inherited properties are not read");
        assert.equal(valueAt(raw, "missing", "deeper"), undefined);
    });

    it("opens remediation's Secret wrappers", () => {
        const raw = plainProps({ key: new Secret("s3cret"), list: [new Secret(SENTINEL)] });
        assert.equal(stringAt(raw, "key"), "s3cret");
        assert.deepEqual(stringsAt(raw, "list"), [UNKNOWN]);
    });

    it("spots data the policy serializer would mistake for a proxy", () => {
        assert.ok(hasProxyKeys({ a: [{ __isSpecialProxy: 1 }] }));
        assert.ok(!hasProxyKeys({ a: [{ b: 1 }], c: new Secret({ d: 2 }) }));
    });
});
