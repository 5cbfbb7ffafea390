/**
 * BYODKIM key handling: SES takes the private key as base64 DER (no PEM armour) and DNS publishes the
 * public key as base64 DER SubjectPublicKeyInfo.
 */
import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";

/** Reads an RSA private key given as PEM or as SES's bare base64 DER; throws with the reason if it is not one. */
export function parseRsaPrivateKey(key: string): KeyObject {
    const text = key.trim();
    let parsed: KeyObject;
    try {
        parsed = text.startsWith("-----BEGIN")
            ? createPrivateKey(text)
            : createPrivateKey({ key: Buffer.from(text, "base64"), format: "der", type: detectDerType(text) });
    } catch {
        throw new Error("it is not a PEM (or base64 DER) private key");
    }
    if (parsed.asymmetricKeyType !== "rsa") throw new Error(`it is a ${parsed.asymmetricKeyType} key; SES BYODKIM needs RSA`);
    return parsed;
}

function detectDerType(base64: string): "pkcs1" | "pkcs8" {
    try {
        createPrivateKey({ key: Buffer.from(base64, "base64"), format: "der", type: "pkcs8" });
        return "pkcs8";
    } catch {
        return "pkcs1";
    }
}

/** The private key in the form SES's `domainSigningPrivateKey` takes: base64 DER (PKCS#1), no PEM lines. */
export function sesPrivateKeyValue(key: string): string {
    return parseRsaPrivateKey(key).export({ type: "pkcs1", format: "der" }).toString("base64");
}

/** The public key DNS publishes for a BYODKIM private key: base64 DER SubjectPublicKeyInfo. */
export function dkimPublicKeyFromPrivateKey(key: string): string {
    return createPublicKey(parseRsaPrivateKey(key)).export({ type: "spki", format: "der" }).toString("base64");
}
