"""Computer vision (chapter 9): boxes and anchors, images, augmentation and the chapter's data sets."""
