package dev.lifeboat.ui.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.progress.ProgressListener;
import dev.lifeboat.engine.workflow.UpgradePlan;
import dev.lifeboat.ui.run.RunJob;
import dev.lifeboat.ui.run.RunKind;
import dev.lifeboat.ui.summary.Summary;
import dev.lifeboat.ui.summary.UpgradeSummary;
import org.junit.jupiter.api.Test;

/** How an upgrade run in the window ends, and what its Summary says and offers, for each way it can end. */
class UpgradeJobTest {
    private final FakeUpgradeEngine engine = new FakeUpgradeEngine();

    private UpgradeOutcome run(UpgradeOutcome.End end) throws Exception {
        engine.ending = end;
        UpgradePlan p = engine.planUpgrade(null, "1.5.0");
        UpgradeJob job = new UpgradeJob(engine, p);
        assertEquals(RunKind.UPGRADE, job.kind());
        assertEquals(p.steps(), job.steps(), "the Run page lists the plan's own steps");
        return job.run(ProgressListener.NONE, new CancelToken());
    }

    private static String row(Summary s, String key) {
        return s.value(key);
    }

    @Test
    void anUpgradeEndsWellAndItsSummaryOffersTheWayBack() throws Exception {
        UpgradeOutcome o = run(UpgradeOutcome.End.UPGRADED);
        RunJob.Ending e = new UpgradeJob(engine, o.plan()).ending(o, false);
        assertTrue(e.good());
        assertEquals(
                "Docker Compose project upgraded from 1.4.2 to 1.5.0; the site was down 6.4 s for the live part.",
                e.message());
        Summary s = new UpgradeSummary().of(o, engine);
        assertEquals("Upgrade complete", s.title());
        assertEquals("Docker Compose project on root@fake-server runs 1.5.0 now.", s.headline());
        assertTrue(s.good());
        assertEquals("passed on a throw-away copy in 42.0 s (the copy is gone)", row(s, "rehearsal"));
        assertTrue(row(s, "downtime").startsWith("6.4 s for the live part"), row(s, "downtime"));
        assertTrue(row(s, "snapshot").startsWith("20261207T100130Z, taken with the site stopped"));
        assertEquals("Roll back to 1.4.2", s.rollback().button());
        assertTrue(s.report().startsWith("Lifeboat upgrade report\n"));
    }

    @Test
    void aFailedRehearsalIsASummaryThatSaysTheLiveSiteWasNotUpgradedAndOffersNoRollback() throws Exception {
        UpgradeOutcome o = run(UpgradeOutcome.End.REHEARSAL_FAILED);
        assertEquals(UpgradeOutcome.End.REHEARSAL_FAILED, o.end());
        RunJob.Ending e = new UpgradeJob(engine, o.plan()).ending(o, false);
        assertFalse(e.good());
        assertFalse(e.cancelled(), "a Summary follows");
        Summary s = new UpgradeSummary().of(o, engine);
        assertEquals("Upgrade stopped by its rehearsal", s.title());
        assertEquals(
                "1.5.0 did not come up on the copy: Docker Compose project still runs 1.4.2, never upgraded.",
                s.headline());
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).contains("did not pass its health check"));
        assertEquals(null, s.rollback(), "nothing changed: nothing to roll back");
    }

    @Test
    void aLiveFailureThatRolledBackSaysSoAndAWayBackThatFailedOffersRollbackAgain() throws Exception {
        UpgradeOutcome back = run(UpgradeOutcome.End.ROLLED_BACK);
        Summary s = new UpgradeSummary().of(back, engine);
        assertEquals("Upgrade rolled back", s.title());
        assertFalse(s.good());
        assertEquals(null, s.rollback(), "the site runs the old version already");

        UpgradeOutcome stuck = run(UpgradeOutcome.End.ROLLBACK_FAILED);
        Summary t = new UpgradeSummary().of(stuck, engine);
        assertEquals("Upgrade failed: the site needs you", t.title());
        assertTrue(row(t, "result").startsWith("NOT rolled back"));
        assertEquals("Roll back to 1.4.2", t.rollback().button());
        engine.rollbackProblem = "count of table documents: 3 != 4";
        assertEquals(
                "count of table documents: 3 != 4",
                t.rollback().run(ProgressListener.NONE, new CancelToken()),
                "a rollback that does not match says what differs");
        engine.rollbackProblem = null;
        assertEquals(null, t.rollback().run(ProgressListener.NONE, new CancelToken()));
        assertTrue(engine.calls.contains("rollback"));
    }
}
