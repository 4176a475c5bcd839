# memcached:* stand-in: Debian's memcached.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
LABEL dev.lifeboat.testbed.role="memcached" dev.lifeboat.testbed.upstream="${UPSTREAM}"
EXPOSE 11211
ENTRYPOINT ["/usr/local/bin/entry-memcached"]
CMD ["memcached"]
