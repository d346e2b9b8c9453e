/* date.h - days since 1970-01-01 and back, for the proleptic Gregorian calendar */
#ifndef PARLEY_DATE_H
#define PARLEY_DATE_H

/* The day number of y-m-d (1970-01-01 is 0); m 1-12, d 1-31. After H. Hinnant. */
long pl_days_from_civil(int y, unsigned m, unsigned d);
/* The date of day number z. */
void pl_civil_from_days(long z, int *y, unsigned *m, unsigned *d);

#endif
