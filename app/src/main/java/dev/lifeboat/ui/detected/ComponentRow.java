package dev.lifeboat.ui.detected;

import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Component;

/**
 * One line of the components table, already in words.
 *
 * @param classLabel the class as shown on the badge, e.g. {@code backup}
 * @param badgeStyle the CSS class of the badge, e.g. {@code badge-backup}
 * @param classOrder sort position of the class (backup first)
 * @param kind e.g. {@code mongodb}
 * @param path absolute server path
 * @param sizeText human size, or an em dash
 * @param sizeBytes size for sorting; -1 when unknown
 * @param note why it has its class
 */
public record ComponentRow(
        String classLabel,
        String badgeStyle,
        int classOrder,
        String kind,
        String path,
        String sizeText,
        long sizeBytes,
        String note) {

    static ComponentRow of(Component c) {
        String cls = c.componentClass().jsonName();
        return new ComponentRow(
                cls,
                "badge-" + cls,
                c.componentClass().ordinal(),
                c.kind(),
                c.path(),
                ByteSizes.human(c.sizeBytes()),
                c.sizeBytes().orElse(-1),
                c.note());
    }
}
