/* Per-word contextual states from multilingual-e5-small: each word is tokenized on its own
 * (as a pre-split XLM-R input), words are packed into windows of at most WIN pieces, and a word's
 * state is the mean of its pieces' hidden states after `nlayers` layers (0 or more than the model
 * has: all of them; negative: none, the normalised embeddings). */
#include "e5.c"

/* Threads for this calling thread's next parallel regions (0: leave OpenMP's default).
 * Several processes analysing at once each take their share of the cores, not all of them. */
int e5_set_threads(int n) {
#ifdef _OPENMP
    if (n > 0) omp_set_num_threads(n);
    return omp_get_max_threads();
#else
    (void)n;
    return 1;
#endif
}

/* Returns 0, -2 when memory runs out (nothing written), or the forward pass's error. */
int e5_word_states(e5_model *m, const char **words, int nw, int nlayers, int win, float *out) {
    int H = m->H, MAXPC = 16, rc = -2;
    if (nw <= 0) return 0;
    if (win > m->MAXP - 2) win = m->MAXP - 2;
    if (win < 1) win = 1;
    if (nlayers < 0) nlayers = 0;
    else if (nlayers == 0 || nlayers > m->NL) nlayers = m->NL;
    int *ids = NULL, *pos = NULL, *sstart = NULL, *send = NULL, *segoff = NULL, *wfirst = NULL;
    float *hid = NULL;
    int *wp = (int *)malloc(sizeof(int) * (size_t)nw * MAXPC);   /* pieces per word */
    int *wn = (int *)malloc(sizeof(int) * (size_t)(nw + 1));
    int *wseg = (int *)malloc(sizeof(int) * (size_t)(nw + 1));  /* segment start word */
    if (!wp || !wn || !wseg) goto done;
    for (int i = 0; i < nw; i++) {
        size_t cap = strlen(words[i]) + 4;
        int *tmp = (int *)malloc(sizeof(int) * cap);
        if (!tmp) goto done;
        int n = tok_content(&m->tok, words[i], tmp, (int)cap);
        if (n > MAXPC) n = MAXPC;
        if (n < 1) { tmp[0] = m->tok.unk; n = 1; }
        memcpy(wp + (size_t)i * MAXPC, tmp, sizeof(int) * n);
        wn[i] = n;
        free(tmp);
    }
    /* windows of whole words */
    int T = 0, nseg = 0, cur = 0;
    wseg[nseg++] = 0;
    for (int i = 0; i < nw; i++) {
        if (cur > 0 && cur + wn[i] > win) { wseg[nseg++] = i; T += cur + 2; cur = 0; }
        cur += wn[i];
    }
    T += cur + 2;
    wseg[nseg] = nw;
    ids = (int *)malloc(sizeof(int) * (size_t)T); pos = (int *)malloc(sizeof(int) * (size_t)T);
    sstart = (int *)malloc(sizeof(int) * (size_t)T); send = (int *)malloc(sizeof(int) * (size_t)T);
    segoff = (int *)malloc(sizeof(int) * (size_t)(nseg + 1));
    wfirst = (int *)malloc(sizeof(int) * (size_t)(nw + 1));
    hid = (float *)malloc(sizeof(float) * (size_t)T * H);
    if (!ids || !pos || !sstart || !send || !segoff || !wfirst || !hid) goto done;
    int t = 0;
    for (int s = 0; s < nseg; s++) {
        segoff[s] = t; int p = 0;
        ids[t] = m->tok.bos; pos[t++] = p++;
        for (int i = wseg[s]; i < wseg[s + 1]; i++) {
            wfirst[i] = t;
            for (int j = 0; j < wn[i]; j++) { ids[t] = wp[(size_t)i * MAXPC + j]; pos[t++] = p++; }
        }
        ids[t] = m->tok.eos; pos[t++] = p++;
    }
    segoff[nseg] = t;
    for (int s = 0; s < nseg; s++)
        for (int u = segoff[s]; u < segoff[s + 1]; u++) { sstart[u] = segoff[s]; send[u] = segoff[s + 1]; }
    int NL = m->NL; m->NL = nlayers;
    rc = forward_batch(m, ids, pos, sstart, send, segoff, nseg, T, NULL, hid);
    m->NL = NL;
    if (rc != 0) goto done;
    for (int i = 0; i < nw; i++) {
        float *o = out + (size_t)i * H;
        for (int k = 0; k < H; k++) o[k] = 0.f;
        for (int j = 0; j < wn[i]; j++) {
            const float *r = hid + (size_t)(wfirst[i] + j) * H;
            for (int k = 0; k < H; k++) o[k] += r[k];
        }
        float inv = 1.f / (float)wn[i];
        for (int k = 0; k < H; k++) o[k] *= inv;
    }
done:
    free(wp); free(wn); free(wseg); free(ids); free(pos); free(sstart); free(send); free(segoff);
    free(wfirst); free(hid);
    return rc;
}
