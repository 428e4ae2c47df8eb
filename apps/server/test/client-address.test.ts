import { describe, expect, it } from "vitest";
import { TrustedProxies } from "../src/client-address.js";
import { parseEnv } from "../src/index.js";

describe("the client address behind trusted proxies", () => {
  const proxies = new TrustedProxies(["10.0.0.1", "172.17.0.0/16", "fd00::/8"]);

  it("takes the right-most entry that is not a trusted proxy", () => {
    expect(proxies.clientOf("10.0.0.1", "203.0.113.7")).toBe("203.0.113.7");
    // A chain of trusted proxies, and a client that wrote its own entry first.
    expect(proxies.clientOf("172.17.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.1")).toBe("203.0.113.7");
    expect(proxies.clientOf("::ffff:10.0.0.1", "2001:db8::5, fd00::2")).toBe("2001:db8::5");
  });

  it("strips the port some proxies add", () => {
    expect(proxies.clientOf("10.0.0.1", "203.0.113.7:51234")).toBe("203.0.113.7");
    expect(proxies.clientOf("10.0.0.1", "[2001:db8::5]:51234")).toBe("2001:db8::5");
  });

  it("believes no header from a peer that is not a trusted proxy", () => {
    expect(proxies.clientOf("203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    expect(new TrustedProxies([]).clientOf("10.0.0.1", "198.51.100.1")).toBe("10.0.0.1");
  });

  it("stops at the last trusted address when an entry is malformed or every entry is a proxy", () => {
    expect(proxies.clientOf("10.0.0.1", "not-an-address")).toBe("10.0.0.1");
    expect(proxies.clientOf("10.0.0.1", "203.0.113.7, garbage, 172.17.0.5")).toBe("172.17.0.5");
    expect(proxies.clientOf("10.0.0.1", "172.17.0.9, 172.17.0.5")).toBe("172.17.0.9");
    expect(proxies.clientOf("10.0.0.1", undefined)).toBe("10.0.0.1");
  });

  it("is configured by TRUST_PROXY, which accepts addresses and CIDR ranges only", () => {
    const { TRUST_PROXY } = parseEnv({ TRUST_PROXY: " 10.0.0.1, 172.17.0.0/16 ,fd00::/8" });
    expect(TRUST_PROXY).toEqual(["10.0.0.1", "172.17.0.0/16", "fd00::/8"]);
    expect(parseEnv({}).TRUST_PROXY).toEqual([]);
    for (const bad of ["proxy.local", "10.0.0.0/33", "10.0.0.1/8/8", "*"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad })).toThrow(/^invalid environment variable TRUST_PROXY: /);
    }
  });
});
