package io.slotway.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.GeoUnit;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every data type's common commands, run through a non-cluster client; the same suite runs against each kind of
 * upstream. Keys are prefixed per run so suites never see each other's data.
 */
public final class CommonCommandSuite {

    private final Jedis jedis;
    private final String p;

    public CommonCommandSuite(Jedis jedis, String prefix) {
        this.jedis = jedis;
        this.p = prefix;
    }

    public void runAll() {
        strings();
        keys();
        lists();
        hashes();
        sets();
        sortedSets();
        streams();
        bitmapsAndHyperLogLog();
        geo();
        scripting();
    }

    public void strings() {
        assertThat(jedis.set(p + "s", "v")).isEqualTo("OK");
        assertThat(jedis.get(p + "s")).isEqualTo("v");
        assertThat(jedis.append(p + "s", "w")).isEqualTo(2);
        assertThat(jedis.strlen(p + "s")).isEqualTo(2);
        assertThat(jedis.getrange(p + "s", 0, 0)).isEqualTo("v");
        assertThat(jedis.incr(p + "n")).isEqualTo(1);
        assertThat(jedis.incrBy(p + "n", 10)).isEqualTo(11);
        assertThat(jedis.decr(p + "n")).isEqualTo(10);
        assertThat(jedis.incrByFloat(p + "f", 1.5)).isEqualTo(1.5);
        assertThat(jedis.set(p + "s", "x", SetParams.setParams().nx())).isNull();
        assertThat(jedis.setex(p + "e", 100, "v")).isEqualTo("OK");
        assertThat(jedis.getSet(p + "s", "y")).isEqualTo("vw");
        assertThat(jedis.getDel(p + "s")).isEqualTo("y");
        assertThat(jedis.get(p + "s")).isNull();
        assertThat(jedis.mset(p + "{m}1", "a", p + "{m}2", "b")).isEqualTo("OK");
        assertThat(jedis.mget(p + "{m}1", p + "{m}2", p + "{m}missing")).containsExactly("a", "b", null);
    }

    public void keys() {
        jedis.set(p + "k", "v");
        assertThat(jedis.exists(p + "k")).isTrue();
        assertThat(jedis.type(p + "k")).isEqualTo("string");
        assertThat(jedis.expire(p + "k", 100)).isEqualTo(1);
        assertThat(jedis.ttl(p + "k")).isBetween(1L, 100L);
        assertThat(jedis.persist(p + "k")).isEqualTo(1);
        assertThat(jedis.ttl(p + "k")).isEqualTo(-1);
        jedis.set(p + "{r}a", "v");
        assertThat(jedis.rename(p + "{r}a", p + "{r}b")).isEqualTo("OK");
        assertThat(jedis.get(p + "{r}b")).isEqualTo("v");
        assertThat(jedis.del(p + "{r}b", p + "k")).isEqualTo(2);
    }


    public void lists() {
        assertThat(jedis.rpush(p + "l", "a", "b", "c")).isEqualTo(3);
        assertThat(jedis.lpush(p + "l", "z")).isEqualTo(4);
        assertThat(jedis.lrange(p + "l", 0, -1)).containsExactly("z", "a", "b", "c");
        assertThat(jedis.llen(p + "l")).isEqualTo(4);
        assertThat(jedis.lindex(p + "l", 1)).isEqualTo("a");
        assertThat(jedis.lpop(p + "l")).isEqualTo("z");
        assertThat(jedis.rpop(p + "l")).isEqualTo("c");
        assertThat(jedis.lset(p + "l", 0, "A")).isEqualTo("OK");
        assertThat(jedis.lrem(p + "l", 0, "b")).isEqualTo(1);
        assertThat(jedis.lrange(p + "l", 0, -1)).containsExactly("A");
    }

    public void hashes() {
        assertThat(jedis.hset(p + "h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
        assertThat(jedis.hget(p + "h", "a")).isEqualTo("1");
        assertThat(jedis.hgetAll(p + "h")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(jedis.hincrBy(p + "h", "a", 5)).isEqualTo(6);
        assertThat(jedis.hkeys(p + "h")).containsExactlyInAnyOrder("a", "b");
        assertThat(jedis.hdel(p + "h", "b")).isEqualTo(1);
        assertThat(jedis.hexists(p + "h", "b")).isFalse();
        assertThat(jedis.hlen(p + "h")).isEqualTo(1);
    }

    public void sets() {
        assertThat(jedis.sadd(p + "{s}1", "a", "b", "c")).isEqualTo(3);
        assertThat(jedis.sadd(p + "{s}2", "b", "c", "d")).isEqualTo(3);
        assertThat(jedis.smembers(p + "{s}1")).isEqualTo(Set.of("a", "b", "c"));
        assertThat(jedis.sismember(p + "{s}1", "a")).isTrue();
        assertThat(jedis.sinter(p + "{s}1", p + "{s}2")).isEqualTo(Set.of("b", "c"));
        assertThat(jedis.sunion(p + "{s}1", p + "{s}2")).isEqualTo(Set.of("a", "b", "c", "d"));
        assertThat(jedis.sdiff(p + "{s}1", p + "{s}2")).isEqualTo(Set.of("a"));
        assertThat(jedis.srem(p + "{s}1", "a")).isEqualTo(1);
        assertThat(jedis.scard(p + "{s}1")).isEqualTo(2);
        ScanResult<String> scan = jedis.sscan(p + "{s}2", ScanParams.SCAN_POINTER_START);
        assertThat(scan.getResult()).containsExactlyInAnyOrder("b", "c", "d");
    }

    public void sortedSets() {
        assertThat(jedis.zadd(p + "z", Map.of("a", 1.0, "b", 2.0, "c", 3.0))).isEqualTo(3);
        assertThat(jedis.zrange(p + "z", 0, -1)).containsExactly("a", "b", "c");
        assertThat(jedis.zscore(p + "z", "b")).isEqualTo(2.0);
        assertThat(jedis.zincrby(p + "z", 5, "a")).isEqualTo(6.0);
        assertThat(jedis.zrevrange(p + "z", 0, 0)).containsExactly("a");
        assertThat(jedis.zrank(p + "z", "b")).isEqualTo(0);
        assertThat(jedis.zcount(p + "z", 2, 3)).isEqualTo(2);
        assertThat(jedis.zrem(p + "z", "c")).isEqualTo(1);
        assertThat(jedis.zcard(p + "z")).isEqualTo(2);
    }

    public void streams() {
        StreamEntryID first = jedis.xadd(p + "x", XAddParams.xAddParams(), Map.of("f", "1"));
        jedis.xadd(p + "x", XAddParams.xAddParams(), Map.of("f", "2"));
        assertThat(jedis.xlen(p + "x")).isEqualTo(2);
        List<StreamEntry> range = jedis.xrange(p + "x", (StreamEntryID) null, (StreamEntryID) null);
        assertThat(range).hasSize(2);
        assertThat(range.get(0).getID()).isEqualTo(first);
        assertThat(range.get(1).getFields()).isEqualTo(Map.of("f", "2"));
    }

    public void bitmapsAndHyperLogLog() {
        assertThat(jedis.setbit(p + "b", 7, true)).isFalse();
        assertThat(jedis.getbit(p + "b", 7)).isTrue();
        assertThat(jedis.bitcount(p + "b")).isEqualTo(1);
        assertThat(jedis.pfadd(p + "hll", "a", "b", "c", "a")).isEqualTo(1);
        assertThat(jedis.pfcount(p + "hll")).isEqualTo(3);
    }

    public void geo() {
        assertThat(jedis.geoadd(p + "g", 13.361389, 38.115556, "Palermo")).isEqualTo(1);
        assertThat(jedis.geoadd(p + "g", 15.087269, 37.502669, "Catania")).isEqualTo(1);
        assertThat(jedis.geodist(p + "g", "Palermo", "Catania", GeoUnit.KM)).isBetween(166.0, 167.0);
    }

    public void scripting() {
        Object result = jedis.eval("return redis.call('SET', KEYS[1], ARGV[1])", List.of(p + "lua"), List.of("v"));
        assertThat(result).isEqualTo("OK");
        assertThat(jedis.eval("return redis.call('GET', KEYS[1])", List.of(p + "lua"), List.of())).isEqualTo("v");
        String sha = jedis.scriptLoad("return ARGV[1]");
        assertThat(jedis.evalsha(sha, List.of(), List.of("x"))).isEqualTo("x");
    }
}
