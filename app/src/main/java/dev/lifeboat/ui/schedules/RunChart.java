package dev.lifeboat.ui.schedules;

import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The chart of an application's last runs, drawn from a {@link RunChartModel}: the site's downtime and the new disk
 * per run side by side, a failed run a red bar to the top, a skipped one a short grey bar; each bar's tooltip says
 * what the run did. FX thread only.
 */
public final class RunChart extends HBox {
    private StackedBarChart<String, Number> downtime;
    private StackedBarChart<String, Number> newDisk;

    public RunChart() {
        super(12);
        getStyleClass().add("run-chart");
    }

    private static StackedBarChart<String, Number> chart(String title, String unit) {
        CategoryAxis x = new CategoryAxis();
        x.setTickLabelRotation(0);
        x.setTickLabelGap(2);
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        y.setForceZeroInRange(true);
        StackedBarChart<String, Number> c = new StackedBarChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setCategoryGap(6);
        c.setMinHeight(130);
        c.setPrefHeight(200);
        c.setMinWidth(120);
        HBox.setHgrow(c, Priority.ALWAYS);
        return c;
    }

    /** Draws the runs of {@code m}, on new charts (a chart's axis keeps the categories of what it drew before). */
    public void show(RunChartModel m) {
        downtime = chart("Site down per backup", "s");
        downtime.setId("downtimeChart");
        newDisk = chart("New on disk per backup", "MB");
        newDisk.setId("newDiskChart");
        fill(downtime, m, RunChartModel.Bar::downtimeSeconds, m.maxDowntime());
        fill(newDisk, m, RunChartModel.Bar::newDiskMegabytes, m.maxNewDisk());
        getChildren().setAll(downtime, newDisk);
    }

    private static void fill(
            StackedBarChart<String, Number> chart,
            RunChartModel m,
            ToDoubleFunction<RunChartModel.Bar> value,
            double max) {
        double top = max > 0 ? max : 1;
        XYChart.Series<String, Number> ok = new XYChart.Series<>();
        ok.setName("ok");
        XYChart.Series<String, Number> failed = new XYChart.Series<>();
        failed.setName("failed");
        XYChart.Series<String, Number> skipped = new XYChart.Series<>();
        skipped.setName("skipped");
        CategoryAxis x = (CategoryAxis) chart.getXAxis();
        x.getCategories().setAll(m.bars().stream().map(RunChartModel.Bar::label).toList());
        for (RunChartModel.Bar b : m.bars()) {
            ok.getData().add(new XYChart.Data<>(b.label(), value.applyAsDouble(b)));
            failed.getData().add(new XYChart.Data<>(b.label(), b.mark() == RunChartModel.Mark.FAILED ? top : 0));
            skipped.getData().add(new XYChart.Data<>(b.label(), b.mark() == RunChartModel.Mark.SKIPPED ? top / 4 : 0));
        }
        chart.getData().addAll(List.of(ok, failed, skipped));
        for (XYChart.Series<String, Number> s : chart.getData()) {
            for (int i = 0; i < s.getData().size(); i++) {
                Node bar = s.getData().get(i).getNode();
                RunChartModel.Bar b = m.bars().get(i);
                if (bar != null) {
                    bar.getStyleClass().add("run-bar-" + s.getName());
                    Tooltip.install(bar, new Tooltip(b.tooltip()));
                }
            }
        }
    }

    /** For tests: the bars of the downtime chart whose run failed, as drawn. */
    long failedBarsDrawn() {
        return downtime.getData().get(1).getData().stream()
                .filter(d -> d.getYValue().doubleValue() > 0)
                .count();
    }
}
