# STAND-IN for another release of an application image (issue 20's upgrades): the image FROM_IMAGE (built above it
# in images/build) with the schema its start migrates the database to, and STANDIN_MIGRATION=fail for a release
# whose migration stops half-way. Not the application.
ARG FROM_IMAGE
FROM ${FROM_IMAGE}
ARG SCHEMA=2
ARG MIGRATION=
ARG UPSTREAM
LABEL dev.lifeboat.testbed.upstream="${UPSTREAM}" dev.lifeboat.testbed.release="schema ${SCHEMA} ${MIGRATION}"
ENV STANDIN_SCHEMA=${SCHEMA} STANDIN_MIGRATION=${MIGRATION}
