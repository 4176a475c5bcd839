# STUB of opensearchproject/opensearch:* (REST + snapshot API subset, state in the data dir). Not a search engine.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
ARG SEARCH_VERSION
LABEL dev.lifeboat.testbed.role="search" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.emulation="Python stub answering the snapshot API; NOT OpenSearch"
ENV STANDIN_SEARCH_DATA=/usr/share/opensearch/data STANDIN_SEARCH_FLAVOUR=opensearch \
    STANDIN_SEARCH_VERSION=${SEARCH_VERSION}
RUN mkdir -p /usr/share/opensearch/data /usr/share/opensearch/snapshots \
 && chown -R opensearch:opensearch /usr/share/opensearch
USER opensearch
WORKDIR /usr/share/opensearch
VOLUME /usr/share/opensearch/data
EXPOSE 9200 9300
ENTRYPOINT ["/usr/bin/python3", "/usr/local/lib/standin/search_stub.py"]
