# STAND-IN for an application image (Overleaf, Cytomine services, SeaTable, Papermerge, Nuxeo, Caddy, registry,
# OpenSearch Dashboards): /usr/local/lib/standin/app.py with the profile STANDIN_APP. Not the application.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
ARG APP
ARG RUN_USER=root
ARG IGNORE_SIGTERM=0
LABEL dev.lifeboat.testbed.role="app" dev.lifeboat.testbed.app="${APP}" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.emulation="application stand-in; NOT the application"
ENV STANDIN_APP=${APP} STANDIN_IGNORE_SIGTERM=${IGNORE_SIGTERM}
# Folders the real images declare as volumes, with the real owners (a new named volume copies them).
RUN if [ "${APP}" = nuxeo ]; then mkdir -p /var/lib/nuxeo /etc/nuxeo/conf.d /docker-entrypoint-initnuxeo.d \
        && chown 900:0 /var/lib/nuxeo; fi \
 && if [ "${APP}" = papermerge ]; then mkdir -p /core_app/media; fi \
 && if [ "${APP}" = seatable ]; then mkdir -p /opt/seatable/scripts /shared \
        && ln -s /usr/local/lib/standin/seatable.sh /opt/seatable/scripts/seatable.sh; fi
USER ${RUN_USER}
ENTRYPOINT ["/usr/bin/python3", "/usr/local/lib/standin/app.py"]
CMD ["serve"]
