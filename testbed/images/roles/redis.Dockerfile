# redis:* stand-in: Debian's Redis 7.0 (whatever the tag says), official entrypoint behaviour, data in /data.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
LABEL dev.lifeboat.testbed.role="redis" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.note="Debian Redis 7.0 standing in for ${UPSTREAM}"
RUN mkdir -p /data && chown redis:redis /data
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/entry-redis"]
CMD ["redis-server"]
